using Metering.Collector.Points;

namespace Metering.Collector.Reports;

/// <summary>
/// A node report's arithmetic, pure: from the node's stored buckets (<c>node_energy</c>), job shares
/// (<c>job_energy</c>) and remainders (<c>node_attribution</c>) to one row per job, the remainder rows and the node
/// row, so that jobs + overhead + unallocated + unattributed = measured exactly.
/// </summary>
internal static class NodeRows
{
    /// <summary>The series of the node's buckets with the shares in them (retractions left out).</summary>
    public static NodeSeries Series(string nodeId, IReadOnlyList<Point> nodeEnergy, IReadOnlyList<Point> jobEnergy)
    {
        var shares = jobEnergy.Where(IsShare).GroupBy(p => p.TimestampMs)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, long>)g.ToDictionary(p => p.Tag("job") ?? string.Empty, p => StoredFields.Long(p, "it_mj"), StringComparer.Ordinal));
        return new NodeSeries(nodeId, [.. nodeEnergy.Select(p => new SeriesBucket(
            p.TimestampMs,
            StoredFields.Long(p, "width_ms"),
            StoredFields.Long(p, "energy_mj"),
            StoredFields.Long(p, "p_mean_mw"),
            StoredFields.Double(p, "coverage"),
            shares.GetValueOrDefault(p.TimestampMs) ?? new Dictionary<string, long>()))]);
    }

    /// <summary>
    /// One row per job with a share of the node in [<paramref name="fromMs"/>, <paramref name="toMs"/>), labelled from
    /// <paramref name="summaries"/> (the jobs' stored summaries, when there are).
    /// </summary>
    public static IReadOnlyList<ReportRow> Jobs(string nodeId, IReadOnlyList<Point> jobEnergy, IReadOnlyDictionary<string, ReportRow> summaries, long fromMs, long toMs) =>
        [.. jobEnergy.Where(IsShare).GroupBy(p => p.Tag("job") ?? string.Empty, StringComparer.Ordinal)
            .Select(g => JobRow(nodeId, g.Key, [.. g], summaries.GetValueOrDefault(g.Key), fromMs, toMs))
            .OrderBy(r => r.StartMs).ThenBy(r => r.Label, StringComparer.Ordinal)];

    /// <summary>Idle overhead, unallocated and (when not 0) unattributed energy: the measured energy no job took.</summary>
    public static IReadOnlyList<ReportRow> Remainder(string nodeId, IReadOnlyList<Point> nodeEnergy, IReadOnlyList<Point> attribution, IReadOnlyList<ReportRow> jobs)
    {
        long overhead = 0, unallocated = 0, overheadFacility = 0, unallocatedFacility = 0;
        double overheadCo2e = 0, unallocatedCo2e = 0;
        foreach (var a in attribution)
        {
            long o = StoredFields.Long(a, "overhead_mj"), u = StoredFields.Long(a, "unallocated_mj"), f = StoredFields.Long(a, "facility_mj");
            var g = StoredFields.Double(a, "co2e_g");

            // facility_mj and co2e_g are stored for overhead + unallocated together: split them by energy, exactly.
            var of = o + u > 0 ? (long)Math.Round((double)f * o / (o + u), MidpointRounding.AwayFromZero) : 0;
            (overhead, unallocated, overheadFacility, unallocatedFacility) = (overhead + o, unallocated + u, overheadFacility + of, unallocatedFacility + f - of);
            var og = o + u > 0 ? g * o / (o + u) : 0;
            (overheadCo2e, unallocatedCo2e) = (overheadCo2e + og, unallocatedCo2e + g - og);
        }

        var coverage = Coverage(nodeEnergy);
        var flags = Flags(attribution);
        var rows = new List<ReportRow>
        {
            Remainder(RowKind.Overhead, "overhead", nodeId, overhead, overhead, overheadFacility, overheadCo2e, coverage, flags),
            Remainder(RowKind.Unallocated, "unallocated", nodeId, unallocated, 0, unallocatedFacility, unallocatedCo2e, coverage, flags),
        };
        var unattributed = Measured(nodeEnergy) - jobs.Sum(j => j.ItMillijoules) - overhead - unallocated;
        if (unattributed != 0)
        {
            rows.Add(Remainder(RowKind.Unattributed, "unattributed", nodeId, unattributed, 0, 0, 0, coverage, []));
        }

        return rows;
    }

    /// <summary>The node row: everything measured, with the facility energy and CO2e of the attributed rows.</summary>
    public static ReportRow Node(string nodeId, IReadOnlyList<Point> nodeEnergy, IReadOnlyList<Point> attribution, IReadOnlyList<ReportRow> jobs, IReadOnlyList<ReportRow> remainder)
    {
        var measured = Measured(nodeEnergy);
        var width = nodeEnergy.Sum(p => StoredFields.Long(p, "width_ms"));
        var idle = attribution.Sum(p => StoredFields.Long(p, "idle_mj"));
        var rows = jobs.Concat(remainder).ToList();
        return new ReportRow
        {
            Kind = RowKind.Node,
            Label = nodeId,
            Nodes = [nodeId],
            DurationMs = width,
            ItMillijoules = measured,
            IdleMillijoules = idle,
            DynamicMillijoules = attribution.Sum(p => StoredFields.Long(p, "dynamic_mj")),
            FacilityMillijoules = rows.Sum(r => r.FacilityMillijoules),
            Co2eGrams = rows.Sum(r => r.Co2eGrams),
            MeanWatts = width > 0 ? (double)measured / width : 0,
            PeakWatts = nodeEnergy.Count > 0 ? nodeEnergy.Max(p => StoredFields.Long(p, "p_mean_mw")) / 1000.0 : 0,
            IdleShare = measured > 0 ? (double)idle / measured : 0,
            Coverage = Coverage(nodeEnergy),
            Method = ReportMethods.Combine(jobs.Select(j => j.Method)),
            Flags = [.. Flags(attribution).Union(jobs.SelectMany(j => j.Flags)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            Buckets = nodeEnergy.Count,
            Jobs = jobs.Count,
        };
    }

    private static ReportRow JobRow(string nodeId, string jobId, List<Point> records, ReportRow? summary, long fromMs, long toMs)
    {
        long it = 0, idle = 0, overlap = 0;
        double covered = 0, peak = -1;
        foreach (var r in records)
        {
            long rIt = StoredFields.Long(r, "it_mj"), width = StoredFields.Long(r, "width_ms"), o = StoredFields.Long(r, "overlap_ms");
            (it, idle, overlap) = (it + rIt, idle + StoredFields.Long(r, "idle_mj"), overlap + o);
            covered += o * StoredFields.Double(r, "coverage");
            if (o == width && width > 0)
            {
                peak = Math.Max(peak, (double)rIt / width);
            }
        }

        // The job's time on the node inside the range, as a summary's coverage divides by its node-time.
        var time = overlap;
        if (summary?.StartMs is { } start)
        {
            var end = summary.EndMs ?? Math.Max(start + summary.DurationMs, records.Max(r => r.TimestampMs + StoredFields.Long(r, "width_ms")));
            time = Math.Max(overlap, Math.Min(end, toMs) - Math.Max(start, fromMs));
        }

        var mean = overlap > 0 ? (double)it / overlap : 0;
        return new ReportRow
        {
            Kind = RowKind.Job,
            Label = jobId,
            Name = summary?.Name,
            User = summary?.User,
            Project = summary?.Project,
            Model = summary?.Model,
            Purpose = summary?.Purpose,
            Source = summary?.Source,
            State = summary?.State,
            Nodes = [nodeId],
            // The job's allocation as its summary stores it (all its nodes: a job's GPUs per node are not stored).
            Gpus = summary?.Gpus ?? 0,
            Cpus = summary?.Cpus ?? 0,
            StartMs = summary?.StartMs,
            EndMs = summary?.EndMs,
            DurationMs = time,
            ItMillijoules = it,
            IdleMillijoules = idle,
            DynamicMillijoules = records.Sum(r => StoredFields.Long(r, "dynamic_mj")),
            FacilityMillijoules = records.Sum(r => StoredFields.Long(r, "facility_mj")),
            Co2eGrams = records.Sum(r => StoredFields.Double(r, "co2e_g")),
            MeanWatts = mean,
            PeakWatts = peak >= 0 ? peak : mean,
            IdleShare = it > 0 ? (double)idle / it : 0,
            Coverage = time > 0 ? Math.Min(1, covered / time) : 0,
            Method = ReportMethods.Combine(records.Select(r => StoredFields.Text(r, "method") ?? ReportMethods.None)),
            Flags = Flags(records),
            Buckets = records.Count,
        };
    }

    private static ReportRow Remainder(RowKind kind, string label, string nodeId, long mj, long idle, long facility, double co2e, double coverage, IReadOnlyList<string> flags) => new()
    {
        Kind = kind,
        Label = label,
        Nodes = [nodeId],
        ItMillijoules = mj,
        IdleMillijoules = idle,
        DynamicMillijoules = mj - idle,
        FacilityMillijoules = facility,
        Co2eGrams = co2e,
        IdleShare = mj > 0 ? (double)idle / mj : 0,
        Coverage = coverage,
        Flags = flags,
        Jobs = 0,
    };

    private static bool IsShare(Point p) => StoredFields.Long(p, "overlap_ms") > 0;

    private static long Measured(IReadOnlyList<Point> nodeEnergy) => nodeEnergy.Sum(p => StoredFields.Long(p, "energy_mj"));

    /// <summary>Coverage of the stored buckets, weighted by width.</summary>
    private static double Coverage(IReadOnlyList<Point> nodeEnergy)
    {
        var width = nodeEnergy.Sum(p => StoredFields.Long(p, "width_ms"));
        return width > 0 ? nodeEnergy.Sum(p => StoredFields.Double(p, "coverage") * StoredFields.Long(p, "width_ms")) / width : 0;
    }

    private static IReadOnlyList<string> Flags(IEnumerable<Point> points) =>
        [.. points.SelectMany(p => StoredFields.List(p, "flags", '|')).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
