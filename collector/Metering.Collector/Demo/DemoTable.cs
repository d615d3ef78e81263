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

    /// <summary>The idle floors the collector learned while the site idled, against the world's.</summary>
    public static string Baselines(IReadOnlyList<DemoBaseline> baselines) =>
        "idle baselines the collector used, learned from the meters while the site idled (it never sees the true floor):\n"
        + string.Concat(baselines.Select(b => b.Milliwatts is { } mw
            ? Invariant($"  {b.NodeId} {mw / 1000.0:F1} W, {b.Source}; true floor {b.TrueFloorWatts:F1} W ({b.ErrorPercent:+0.00;-0.00;0.00} %)\n")
            : Invariant($"  {b.NodeId} none ({b.Source})\n")));

    /// <summary>
    /// The jobs' errors in two lines: total (the idle share follows the simulation's stated convention) and dynamic
    /// (physical, no convention): largest and mean |error| over jobs, and the share of energy misplaced.
    /// </summary>
    public static string Errors(IReadOnlyList<DemoJobRow> rows)
    {
        var scored = rows.Where(r => r.ItMillijoules is not null).ToList();
        string Line(string what, string energy, Func<DemoJobRow, double?> error, Func<DemoJobRow, double> measured, Func<DemoJobRow, double> truth)
        {
            var errors = scored.Select(error).OfType<double>().Select(Math.Abs).ToList();
            var trueSum = scored.Sum(truth);
            var misplaced = trueSum > 0 ? scored.Sum(r => Math.Abs(measured(r) - truth(r))) / trueSum * 100 : 0;
            return errors.Count == 0 ? $"{what}: no job scored\n"
                : Invariant($"{what}: largest {errors.Max():F2} %, mean {errors.Average():F2} % over {errors.Count} jobs; {misplaced:F2} % of the true {energy} misplaced\n");
        }

        return Line("total error (idle share by the simulation's stated convention)", "energy", r => r.ErrorPercent, r => r.ItMillijoules!.Value, r => r.TrueMillijoules)
            + Line("dynamic error (the wall power above the idle floor: physical)", "dynamic energy", r => r.DynamicErrorPercent, r => r.DynamicMillijoules, r => r.TrueDynamicMillijoules);
    }

    /// <summary>The site line (measured against true energy) and the store's cross-check.</summary>
    public static string Site(DemoSiteTotals s, DemoCrossCheck c)
    {
        var error = s.TrueMillijoules > 0 ? (s.MeasuredMillijoules - s.TrueMillijoules) / s.TrueMillijoules * 100 : 0;
        static string Pair(long left, long right) => left == right ? "=" : Invariant($"MISMATCH ({left - right:+0;-0} mJ) vs");
        return Invariant($"site: measured {Kwh(s.MeasuredMillijoules)} kWh, true {Kwh(s.TrueMillijoules)} kWh ({error:+0.00;-0.00;0.00} %), {s.Buckets} of {s.ExpectedBuckets} node intervals attributed; jobs {Kwh(s.JobsMillijoules)} + idle overhead {Kwh(s.OverheadMillijoules)} + unallocated {Kwh(s.UnallocatedMillijoules)} kWh\n")
            + Invariant($"cross-check of the stored records: {(c.Agrees ? "all agree" : "RECORDS DISAGREE")}\n")
            + Invariant($"  node_energy {Kwh(c.NodeEnergyMillijoules)} kWh {Pair(c.NodeEnergyMillijoules, c.AttributedMillijoules)} node_attribution measured {Kwh(c.AttributedMillijoules)} kWh\n")
            + Invariant($"  job_energy {Kwh(c.JobRecordsMillijoules)} kWh {Pair(c.JobRecordsMillijoules, c.NodeJobsMillijoules)} node_attribution jobs {Kwh(c.NodeJobsMillijoules)} kWh\n")
            + Invariant($"  {c.Jobs - c.SummaryMismatches.Count} of {c.Jobs} job summaries = the sum of their job_energy records{(c.SummaryMismatches.Count == 0 ? "" : " (MISMATCH: " + string.Join(", ", c.SummaryMismatches.Select(m => Invariant($"{m.JobId} {m.DifferenceMillijoules:+0;-0} mJ"))) + ")")}; ")
            + Invariant($"{c.NodeRecords - c.UnbalancedNodeRecords} of {c.NodeRecords} node records: jobs + overhead + unallocated = measured\n");
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
