using System.Globalization;
using System.Text;
using System.Text.Json;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Points;

namespace Metering.Collector.Api;

/// <summary>
/// Jobs as the HTTP API answers with them (snake_case, every key present, null when unknown):
/// <c>{"id","source","name","user","project","model","purpose","allocations":[{"node","gpus","cpus"}],"start_ms","end_ms","state",
/// "exit_code","signal","end_approximate","run","array_job_id","array_task_id","end_reports":[{"by","state","end_ms","approximate","exit_code","signal"}]}</c>,
/// and for one job also <c>"summary"</c>: the fields of its stored <c>job_summary</c> point, or null.
/// </summary>
public static class JobJson
{
    /// <summary>One job, with <paramref name="summary"/> when given (<paramref name="withSummary"/>: write the key, null or not).</summary>
    public static string Write(Job job, Point? summary = null, bool withSummary = false)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, job, summary, withSummary);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>An array of jobs.</summary>
    public static string WriteAll(IEnumerable<Job> jobs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var job in jobs)
            {
                Write(json, job, null, withSummary: false);
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A job from what <see cref="Write(Job, Point?, bool)"/> wrote (the summary is not read).</summary>
    /// <exception cref="FormatException">Not a job document.</exception>
    public static Job Read(JsonElement e)
    {
        try
        {
            return new Job
            {
                Id = e.GetProperty("id").GetString()!,
                Source = JobText.TryParseSource(e.GetProperty("source").GetString(), out var source) ? source : throw new FormatException("unknown source"),
                Name = Optional(e, "name"),
                User = Optional(e, "user"),
                Project = Optional(e, "project"),
                Model = Optional(e, "model"),
                Purpose = Optional(e, "purpose"),
                Allocations = AllocationJson.Read(e.GetProperty("allocations")),
                StartMs = e.GetProperty("start_ms").GetInt64(),
                EndMs = e.TryGetProperty("end_ms", out var end) && end.ValueKind == JsonValueKind.Number ? end.GetInt64() : null,
                State = JobText.TryParseState(e.GetProperty("state").GetString(), out var state) ? state : throw new FormatException("unknown state"),
                ExitCode = (int?)Number(e, "exit_code"),
                ExitSignal = (int?)Number(e, "signal"),
                EndApproximate = e.TryGetProperty("end_approximate", out var a) && a.ValueKind == JsonValueKind.True,
                ArrayJobId = Number(e, "array_job_id"),
                ArrayTaskId = (int?)Number(e, "array_task_id"),
                EndReports = e.TryGetProperty("end_reports", out var r) && r.ValueKind == JsonValueKind.Array ? EndReportJson.Read(r) : [],
            };
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"not a job document: {ex.Message}", ex);
        }
    }

    private static void Write(Utf8JsonWriter json, Job job, Point? summary, bool withSummary)
    {
        json.WriteStartObject();
        json.WriteString("id", job.Id);
        json.WriteString("source", JobText.Name(job.Source));
        json.WriteString("name", job.Name);
        json.WriteString("user", job.User);
        json.WriteString("project", job.Project);
        json.WriteString("model", job.Model);
        json.WriteString("purpose", job.Purpose);
        json.WritePropertyName("allocations");
        AllocationJson.Write(json, job.Allocations);
        json.WriteNumber("start_ms", job.StartMs);
        if (job.EndMs is { } end)
        {
            json.WriteNumber("end_ms", end);
        }
        else
        {
            json.WriteNull("end_ms");
        }

        json.WriteString("state", JobText.Name(job.State));
        WriteNumber(json, "exit_code", job.ExitCode);
        WriteNumber(json, "signal", job.ExitSignal);
        json.WriteBoolean("end_approximate", job.EndApproximate);
        WriteNumber(json, "run", SlurmJobIds.TryParse(job.Id, out _, out var run) ? run : null);
        WriteNumber(json, "array_job_id", job.ArrayJobId);
        WriteNumber(json, "array_task_id", job.ArrayTaskId);
        json.WritePropertyName("end_reports");
        EndReportJson.Write(json, job.EndReports);
        if (withSummary)
        {
            json.WritePropertyName("summary");
            WriteFields(json, summary);
        }

        json.WriteEndObject();
    }

    private static void WriteFields(Utf8JsonWriter json, Point? point)
    {
        if (point is null)
        {
            json.WriteNullValue();
            return;
        }

        json.WriteStartObject();
        foreach (var f in point.Fields)
        {
            switch (f.Value)
            {
                case long l:
                    json.WriteNumber(f.Key, l);
                    break;
                case double d when double.IsFinite(d):
                    json.WriteNumber(f.Key, d);
                    break;
                case bool b:
                    json.WriteBoolean(f.Key, b);
                    break;
                default:
                    json.WriteString(f.Key, Convert.ToString(f.Value, CultureInfo.InvariantCulture));
                    break;
            }
        }

        json.WriteEndObject();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static long? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
