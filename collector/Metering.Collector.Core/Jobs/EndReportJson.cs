using System.Text.Json;

namespace Metering.Collector.Jobs;

/// <summary>
/// A job's end reports as JSON, the way the HTTP API shows them and jobs.db keeps them:
/// <c>[{"by":"node gpu-a07","state":"completed","end_ms":1735693200000,"approximate":false,"exit_code":0,"signal":0}]</c>
/// (<c>exit_code</c> and <c>signal</c> null when the reporter did not know them).
/// </summary>
public static class EndReportJson
{
    /// <summary>Writes the reports as a JSON array.</summary>
    public static void Write(Utf8JsonWriter json, IReadOnlyList<JobEndReport> reports)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(reports);
        json.WriteStartArray();
        foreach (var r in reports)
        {
            json.WriteStartObject();
            json.WriteString("by", r.By);
            json.WriteString("state", JobText.Name(r.State));
            json.WriteNumber("end_ms", r.EndMs);
            json.WriteBoolean("approximate", r.Approximate);
            WriteNumber(json, "exit_code", r.ExitCode);
            WriteNumber(json, "signal", r.ExitSignal);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The reports as a JSON text.</summary>
    public static string ToText(IReadOnlyList<JobEndReport> reports)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, reports);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="FormatException">Not an array of reports.</exception>
    public static IReadOnlyList<JobEndReport> Read(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"end reports must be a JSON array, got {array.ValueKind}");
        }

        var reports = new List<JobEndReport>(array.GetArrayLength());
        foreach (var r in array.EnumerateArray())
        {
            try
            {
                var stateText = r.GetProperty("state").GetString();
                reports.Add(new JobEndReport(
                    r.GetProperty("by").GetString() ?? throw new FormatException("\"by\" is null"),
                    JobText.TryParseState(stateText, out var state) ? state : throw new FormatException($"unknown state '{stateText}'"),
                    r.GetProperty("end_ms").GetInt64(),
                    r.GetProperty("approximate").GetBoolean(),
                    Number(r, "exit_code"),
                    Number(r, "signal")));
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException)
            {
                throw new FormatException($"not an end report: {r.GetRawText()}", e);
            }
        }

        return reports;
    }

    /// <summary>Parses a JSON text written by <see cref="ToText"/>.</summary>
    /// <exception cref="FormatException">Not JSON, or not reports.</exception>
    public static IReadOnlyList<JobEndReport> Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"end reports are not JSON: {e.Message}", e);
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, int? value)
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

    private static int? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
}
