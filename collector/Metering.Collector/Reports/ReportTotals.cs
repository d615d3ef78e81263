namespace Metering.Collector.Reports;

/// <summary>Sums job rows into a total row.</summary>
public static class ReportTotals
{
    /// <summary>
    /// The total of <paramref name="jobs"/>: energies, CO2e, durations and buckets summed; idle share of the summed
    /// energy; coverage weighted by each job's node-time (duration x nodes, as a job's own coverage is); the method
    /// combined (<see cref="ReportMethods.Combine"/>); flags united. Mean and peak power are left out: over several
    /// jobs they mean nothing.
    /// </summary>
    public static ReportRow Sum(IReadOnlyList<ReportRow> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        long it = 0, idle = 0;
        double nodeTime = 0, covered = 0;
        foreach (var j in jobs)
        {
            it += j.ItMillijoules;
            idle += j.IdleMillijoules;
            var t = (double)j.DurationMs * Math.Max(1, j.Nodes.Count);
            nodeTime += t;
            covered += j.Coverage * t;
        }

        return new ReportRow
        {
            Kind = RowKind.Total,
            Label = "total",
            Nodes = [.. jobs.SelectMany(j => j.Nodes).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Gpus = jobs.Sum(j => j.Gpus),
            Cpus = jobs.Sum(j => j.Cpus),
            DurationMs = jobs.Sum(j => j.DurationMs),
            ItMillijoules = it,
            IdleMillijoules = idle,
            DynamicMillijoules = jobs.Sum(j => j.DynamicMillijoules),
            FacilityMillijoules = jobs.Sum(j => j.FacilityMillijoules),
            Co2eGrams = jobs.Sum(j => j.Co2eGrams),
            MeanWatts = null,
            PeakWatts = null,
            IdleShare = it > 0 ? (double)idle / it : 0,
            Coverage = nodeTime > 0 ? Math.Min(1, covered / nodeTime) : 0,
            Method = ReportMethods.Combine(jobs.Select(j => j.Method)),
            Flags = [.. jobs.SelectMany(j => j.Flags).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Buckets = jobs.Sum(j => j.Buckets),
            Jobs = jobs.Count,
        };
    }
}
