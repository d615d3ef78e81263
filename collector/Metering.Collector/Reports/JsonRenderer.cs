using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Metering.Collector.Reports;

/// <summary>
/// The json format: snake_case names, raw figures in base units (mJ, g, ms, W, shares 0..1) exactly as stored, plus
/// kWh and kg convenience fields. Absent values are null; an unbounded range end is null. Text is escaped
/// minimally (quotes, backslashes, control characters): the document is meant for files and pipes, not for HTML.
/// </summary>
public static class JsonRenderer
{
    /// <summary>The JSON document of <paramref name="report"/>, indented, ending in '\n'.</summary>
    public static string Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("report", report.Request.KindName);
            w.WriteString("key", report.Request.Key);
            Bound(w, "from_ms", report.Request.FromMs);
            Bound(w, "to_ms", report.Request.ToMs);
            w.WriteStartArray("jobs");
            foreach (var r in report.Jobs)
            {
                Row(w, r);
            }

            w.WriteEndArray();
            w.WritePropertyName("total");
            if (report.Total is { } total)
            {
                Row(w, total);
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteStartArray("remainder");
            foreach (var r in report.Remainder)
            {
                Row(w, r);
            }

            w.WriteEndArray();
            w.WriteStartArray("series");
            foreach (var s in report.Series)
            {
                Series(w, s);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Row(Utf8JsonWriter w, ReportRow r)
    {
        w.WriteStartObject();
        w.WriteString("kind", r.Kind.ToString().ToLowerInvariant());
        w.WriteString(r.Kind == RowKind.Job ? "job_id" : "label", r.Label);
        Text(w, "name", r.Name);
        Text(w, "user", r.User);
        Text(w, "project", r.Project);
        Text(w, "model", r.Model);
        Text(w, "purpose", r.Purpose);
        Text(w, "source", r.Source);
        Text(w, "state", r.State);
        w.WriteBoolean("running", r.Running);
        w.WriteStartArray("nodes");
        foreach (var n in r.Nodes)
        {
            w.WriteStringValue(n);
        }

        w.WriteEndArray();
        w.WriteNumber("gpus", r.Gpus);
        w.WriteNumber("cpus", r.Cpus);
        Number(w, "start_ms", r.StartMs);
        Number(w, "end_ms", r.EndMs);
        w.WriteNumber("duration_ms", r.DurationMs);
        w.WriteNumber("it_mj", r.ItMillijoules);
        Number(w, "it_kwh", r.ItKwh);
        w.WriteNumber("idle_mj", r.IdleMillijoules);
        w.WriteNumber("dynamic_mj", r.DynamicMillijoules);
        w.WriteNumber("facility_mj", r.FacilityMillijoules);
        Number(w, "facility_kwh", r.FacilityKwh);
        Number(w, "co2e_g", r.KnownCo2eGrams);
        Number(w, "co2e_kg", r.Co2eKilograms);
        Number(w, "mean_w", r.MeanWatts);
        Number(w, "peak_w", r.PeakWatts);
        Number(w, "idle_share", r.IdleShare);
        Number(w, "coverage", r.Coverage);
        w.WriteString("method", r.Method);
        w.WriteStartArray("flags");
        foreach (var f in r.Flags)
        {
            w.WriteStringValue(f);
        }

        w.WriteEndArray();
        w.WriteNumber("buckets", r.Buckets);
        w.WriteNumber("jobs", r.Jobs);
        w.WriteEndObject();
    }

    private static void Series(Utf8JsonWriter w, NodeSeries s)
    {
        w.WriteStartObject();
        w.WriteString("node", s.NodeId);
        w.WriteStartArray("buckets");
        foreach (var b in s.Buckets)
        {
            w.WriteStartObject();
            w.WriteNumber("start_ms", b.StartMs);
            w.WriteNumber("width_ms", b.WidthMs);
            w.WriteNumber("energy_mj", b.EnergyMillijoules);
            w.WriteNumber("p_mean_mw", b.PowerMeanMilliwatts);
            Number(w, "coverage", b.Coverage);
            w.WriteStartObject("jobs_mj");
            foreach (var (job, mj) in b.JobMillijoules.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(job, mj);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Bound(Utf8JsonWriter w, string name, long ms)
    {
        if (ms is long.MinValue or long.MaxValue)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteNumber(name, ms);
        }
    }

    private static void Text(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void Number(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
