using System.Globalization;
using System.Text;

namespace Metering.Collector.Demo;

/// <summary>The demo's final per-job table and site line, as plain text (README.md in this folder shows one).</summary>
internal static class DemoTable
{
    private static readonly string[] Headers = ["job", "project", "model", "GPUs", "duration", "IT kWh", "facility kWh", "CO2e", "method", "coverage", "true kWh", "error", "dyn error"];

    /// <summary>The table: one row per job, columns aligned, numbers right-aligned.</summary>
    public static string Format(IReadOnlyList<DemoJobRow> rows)
    {
        var cells = rows.Select(r => new[]
        {
            r.JobId,
            r.Project,
            r.Model,
            Invariant($"{r.Gpus}"),
            Duration(r.DurationMs),
            r.ItMillijoules is { } it ? Kwh(it) : "-",
            r.ItMillijoules is null ? "-" : Kwh(r.FacilityMillijoules),
            r.ItMillijoules is null ? "-" : Co2e(r.Co2eGrams),
            r.Method,
            r.ItMillijoules is null ? "-" : Invariant($"{r.Coverage * 100:F1} %"),
            Kwh(r.TrueMillijoules),
            r.ErrorPercent is { } e ? Invariant($"{e:+0.00;-0.00;0.00} %") : "-",
            r.DynamicErrorPercent is { } dyn ? Invariant($"{dyn:+0.00;-0.00;0.00} %") : "-",
        }).ToList();
        var widths = Headers.Select((h, c) => cells.Select(row => row[c].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> row)
        {
            for (var c = 0; c < row.Count; c++)
            {
                var left = c is 0 or 1 or 2 or 8;
                text.Append(left ? row[c].PadRight(widths[c]) : row[c].PadLeft(widths[c]));
                text.Append(c < row.Count - 1 ? "  " : "\n");
            }
        }

        Line(Headers);
        foreach (var row in cells)
        {
            Line(row);
        }

        return text.ToString();
    }

    /// <summary>The site line: measured against true energy, and the conservation check.</summary>
    public static string Site(DemoSiteTotals s)
    {
        var error = s.TrueMillijoules > 0 ? (s.MeasuredMillijoules - s.TrueMillijoules) / s.TrueMillijoules * 100 : 0;
        return Invariant($"site: measured {Kwh(s.MeasuredMillijoules)} kWh, true {Kwh(s.TrueMillijoules)} kWh ({error:+0.00;-0.00;0.00} %), {s.Buckets} of {s.ExpectedBuckets} node intervals attributed\n")
            + Invariant($"conservation: jobs {Kwh(s.JobsMillijoules)} + idle overhead {Kwh(s.OverheadMillijoules)} + unallocated {Kwh(s.UnallocatedMillijoules)} = measured {Kwh(s.MeasuredMillijoules)} kWh, remainder {s.RemainderMillijoules} mJ ({(s.RemainderMillijoules == 0 ? "conserved" : "NOT conserved")}); job summaries add up to {Kwh(s.SummariesMillijoules)} kWh\n");
    }

    /// <summary>kWh with five decimals (10 mWh: a 3 s batch job still shows two digits).</summary>
    public static string Kwh(double millijoules) => Invariant($"{millijoules / 3.6e9:F5}");

    /// <summary>CO2e in g below 1 kg, else kg.</summary>
    public static string Co2e(double grams) => grams < 1000 ? Invariant($"{grams:F1} g") : Invariant($"{grams / 1000:F3} kg");

    /// <summary><c>7m 41s</c>, <c>1h 02m</c>, <c>4.2s</c>.</summary>
    public static string Duration(long ms) => ms switch
    {
        < 60_000 => Invariant($"{ms / 1000.0:F1}s"),
        < 3_600_000 => Invariant($"{ms / 60_000}m {ms / 1000 % 60:D2}s"),
        _ => Invariant($"{ms / 3_600_000}h {ms / 60_000 % 60:D2}m"),
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
