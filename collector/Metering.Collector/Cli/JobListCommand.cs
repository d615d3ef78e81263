using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Metering.Collector.Api;
using Metering.Collector.Jobs;
using Metering.Collector.Points;
using Metering.Collector.Reports;

namespace Metering.Collector.Cli;

/// <summary><c>metering job list</c> and <c>metering job show</c>: reads of the job API (with the admin or read-only token where reads need one).</summary>
internal static class JobListCommand
{
    public static Command Create()
    {
        var filters = new[] { "state", "node", "project", "user", "model", "from", "to" }
            .Select(f => new Option<string?>("--" + f) { Description = FilterHelp(f) }).ToArray();
        var limit = new Option<int?>("--limit") { Description = $"The most recent N jobs that match (default {JobQuery.DefaultLimit})." };
        var format = new Option<string>("--format") { Description = "table or json (the API's answer as is).", DefaultValueFactory = _ => "table" };
        var c = new Command("list", """
            Lists the collector's jobs, oldest first, optionally filtered.
            Example: metering job list --state running --project nlp --format table
            """)
        {
            limit, format,
        };
        filters.ToList().ForEach(c.Options.Add);
        var connection = new JobConnection().AddTo(c);
        c.SetAction(async (p, cancel) =>
        {
            var table = p.GetValue(format) switch
            {
                "table" => true,
                "json" => false,
                var other => (bool?)null,
            };
            if (table is null)
            {
                return JobCommands.Bad($"--format '{p.GetValue(format)}' is not table or json");
            }

            // Times are read here, in the one syntax every command takes, and sent as Unix ms: the API reads ISO or ms only.
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var f in filters)
            {
                var value = p.GetValue(f);
                if (f.Name is "--from" or "--to" && value is not null)
                {
                    if (!JobCommands.TryTime(value, f.Name, out var ms, out var error))
                    {
                        return JobCommands.Bad(error);
                    }

                    value = ms!.Value.ToString(CultureInfo.InvariantCulture);
                }

                values[f.Name] = value;
            }

            var query = string.Join('&', filters.Select(f => (Name: f.Name[2..], Value: values[f.Name]))
                .Append((Name: "limit", Value: p.GetValue(limit)?.ToString(CultureInfo.InvariantCulture)))
                .Where(q => !string.IsNullOrEmpty(q.Value))
                .Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value!)}"));
            return await JobCommands.CallAsync(connection, p, client => client.GetAsync("/api/v1/jobs" + (query.Length > 0 ? "?" + query : ""), cancel),
                body => Console.Write(table.Value ? Table(body) : body + "\n"));
        });
        return c;
    }

    public static Command Show()
    {
        var id = new Argument<string>("id") { Description = "The job's id." };
        var c = new Command("show", """
            Shows one job as the collector holds it, with its stored energy summary (the job_summary point's fields,
            null until attribution has written one), as JSON.
            Example: metering job show slurm:4711
            """)
        {
            id,
        };
        var connection = new JobConnection().AddTo(c);
        c.SetAction(async (p, cancel) =>
        {
            var jobId = p.GetValue(id)!;
            if (!JobRules.IsValidId(jobId))
            {
                return JobCommands.Bad($"'{jobId}' is not a job id: {JobRules.IdRule}");
            }

            return await JobCommands.CallAsync(connection, p, client => client.GetAsync("/api/v1/jobs/" + Uri.EscapeDataString(jobId), cancel), body =>
            {
                using var document = JsonDocument.Parse(body);
                Console.WriteLine(JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true }));
            });
        });
        return c;
    }

    /// <summary>One line about a job: "slurm:12 running since 2025-01-01T00:00:00Z on mnode1 [gpus 0,1; 2 cpus]".</summary>
    public static string Describe(Job job)
    {
        var when = job.EndMs is { } end ? $"{Time(job.StartMs)} to {(job.EndApproximate ? "about " : "")}{Time(end)}" : $"since {Time(job.StartMs)}";
        var exit = job.ExitCode is { } code ? $" (exit {code}:{job.ExitSignal ?? 0})" : "";
        return $"{job.Id} {JobText.Name(job.State)}{exit} {when} on {Nodes(job)}";
    }

    /// <summary>The API's job array as a fixed-width table; labels with their control characters escaped (PrintableText).</summary>
    public static string Table(string body)
    {
        using var document = JsonDocument.Parse(body);
        var jobs = document.RootElement.EnumerateArray().Select(JobJson.Read).ToList();
        string[] header = ["ID", "STATE", "SOURCE", "USER", "PROJECT", "MODEL", "START (UTC)", "ELAPSED", "NODES"];
        var rows = jobs.Select(j => new[]
        {
            j.Id, JobText.Name(j.State), JobText.Name(j.Source), j.User ?? "-", j.Project ?? "-", j.Model ?? "-", Time(j.StartMs),
            j.EndMs is { } e ? Elapsed(e - j.StartMs) : "running", Nodes(j),
        }.Select(cell => PrintableText.Escape(cell)!).ToArray()).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))));
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"{jobs.Count} job{(jobs.Count == 1 ? "" : "s")}");
        return text.ToString();
    }

    private static string Nodes(Job job) => string.Join(",", job.Allocations.Select(a =>
        a.NodeId + (a.GpuIndices.Count > 0 || a.CpuCores > 0
            ? $"[{(a.GpuIndices.Count > 0 ? "gpus " + string.Join(',', a.GpuIndices) : "")}{(a.GpuIndices.Count > 0 && a.CpuCores > 0 ? "; " : "")}{(a.CpuCores > 0 ? $"{a.CpuCores} cpus" : "")}]"
            : "")));

    private static string Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Elapsed(long ms)
    {
        var t = TimeSpan.FromMilliseconds(Math.Max(0, ms));
        return t.TotalDays >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalDays}-{t:hh\\:mm\\:ss}")
            : t.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
    }

    private static string FilterHelp(string filter) => filter switch
    {
        "state" => $"Only jobs in this state: {JobText.Choices<JobState>()}.",
        "node" => "Only jobs with an allocation on this node.",
        "from" => $"Only jobs running at or after this time: {ReportTime.Forms}.",
        "to" => $"Only jobs that started before this time: {ReportTime.Forms}.",
        _ => $"Only jobs of this {filter}.",
    };
}
