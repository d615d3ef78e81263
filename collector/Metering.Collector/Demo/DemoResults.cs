using System.Globalization;
using Metering.Collector.Attribution;
using Metering.Collector.Nodes;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using static Metering.Collector.Reports.StoredFields;

namespace Metering.Collector.Demo;

/// <summary>One job of the final table: what the collector stored in its <c>job_summary</c> point, and the world's truth.</summary>
/// <param name="JobId">The job.</param>
/// <param name="Project">Its project.</param>
/// <param name="Model">Its model.</param>
/// <param name="Gpus">GPUs it held.</param>
/// <param name="DurationMs">Its run time, ms.</param>
/// <param name="ItMillijoules">Measured IT energy attributed to it, mJ (null: no summary stored yet).</param>
/// <param name="FacilityMillijoules">Facility energy (IT x PUE), mJ.</param>
/// <param name="Co2eGrams">CO2e, g.</param>
/// <param name="Method">allocation, estimate or mixed.</param>
/// <param name="Coverage">Meter coverage of its run, 0..1.</param>
/// <param name="TrueMillijoules">Its true energy by the world's convention (idle share + dynamic share), mJ.</param>
/// <param name="DynamicMillijoules">The dynamic part of the measured energy attributed to it, mJ.</param>
/// <param name="TrueDynamicMillijoules">Its true share of the wall power above the idle floor, mJ: the physical part, no convention.</param>
internal sealed record DemoJobRow(
    string JobId, string Project, string Model, int Gpus, long DurationMs, long? ItMillijoules, long FacilityMillijoules, double Co2eGrams, string Method, double Coverage,
    double TrueMillijoules, long DynamicMillijoules = 0, double TrueDynamicMillijoules = 0)
{
    /// <summary>(measured - true) / true, %; null without a summary or without true energy.</summary>
    public double? ErrorPercent => ItMillijoules is { } it && TrueMillijoules > 0 ? (it - TrueMillijoules) / TrueMillijoules * 100 : null;

    /// <summary>The same for the dynamic part, %; null without a summary or without true dynamic energy.</summary>
    public double? DynamicErrorPercent => ItMillijoules is not null && TrueDynamicMillijoules > 0 ? (DynamicMillijoules - TrueDynamicMillijoules) / TrueDynamicMillijoules * 100 : null;
}

/// <summary>
/// The site over the run: measured energy (the <c>node_attribution</c> points of [origin, origin + duration)) against
/// the true energy of the same buckets, and where the measured energy went.
/// </summary>
/// <param name="Buckets">Node buckets attributed, of <paramref name="ExpectedBuckets"/>.</param>
/// <param name="ExpectedBuckets">Nodes x buckets of the run.</param>
/// <param name="MeasuredMillijoules">Measured energy, mJ.</param>
/// <param name="TrueMillijoules">True energy of the same time, mJ.</param>
/// <param name="JobsMillijoules">Attributed to jobs, mJ.</param>
/// <param name="OverheadMillijoules">Idle kept by the nodes (overhead policy), mJ.</param>
/// <param name="UnallocatedMillijoules">Attributed to no job, mJ.</param>
/// <param name="SummariesMillijoules">Sum of the jobs' summaries, mJ.</param>
internal sealed record DemoSiteTotals(int Buckets, int ExpectedBuckets, long MeasuredMillijoules, double TrueMillijoules, long JobsMillijoules, long OverheadMillijoules, long UnallocatedMillijoules, long SummariesMillijoules);

/// <summary>A node's idle baseline as the collector used it at the end of the run, next to the world's idle floor.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Milliwatts">The baseline of its last bucket in the run, mW (null: none).</param>
/// <param name="Source">Where it came from: <c>learned</c>, <c>configured</c> or <c>not_learned</c>.</param>
/// <param name="TrueFloorWatts">The world's idle floor at the wall, W (the collector never sees it).</param>
internal sealed record DemoBaseline(string NodeId, long? Milliwatts, string Source, double TrueFloorWatts)
{
    /// <summary>(baseline - floor) / floor, %; null without a baseline.</summary>
    public double? ErrorPercent => Milliwatts is { } mw ? ((mw / 1000.0) - TrueFloorWatts) / TrueFloorWatts * 100 : null;
}

/// <summary>Reads the demo's results back from the store the collector wrote (the same points reports read).</summary>
internal static class DemoResults
{
    /// <summary>Every job's row, in schedule order.</summary>
    public static async Task<IReadOnlyList<DemoJobRow>> JobsAsync(IPointReader reader, DemoScenario scenario, CancellationToken cancellationToken)
    {
        var rows = new List<DemoJobRow>();
        foreach (var plan in scenario.Plans)
        {
            var (id, start) = (scenario.JobId(plan), scenario.StartMs(plan));
            var points = await reader.QueryAsync(AttributionPoints.JobSummaryMeasurement, new Dictionary<string, string> { ["job"] = id }, start, start + 1, cancellationToken).ConfigureAwait(false);
            var p = points.Count > 0 ? points[^1] : null;
            var truth = scenario.Truth(plan);
            rows.Add(new DemoJobRow(id, plan.Project, plan.Model, plan.GpuIndices.Length, plan.DurationMs,
                p is null ? null : Long(p, "it_mj"), p is null ? 0 : Long(p, "facility_mj"), p is null ? 0 : Double(p, "co2e_g"),
                p?.Field("method") as string ?? "none", p is null ? 0 : Double(p, "coverage"), truth.Joules * 1000,
                p is null ? 0 : Long(p, "dynamic_mj"), truth.DynamicJoules * 1000));
        }

        return rows;
    }

    /// <summary>The site totals over [origin, origin + duration).</summary>
    public static async Task<DemoSiteTotals> SiteAsync(IPointReader reader, DemoScenario scenario, IReadOnlyList<DemoJobRow> jobs, CancellationToken cancellationToken)
    {
        var from = scenario.OriginMs ?? throw new InvalidOperationException("anchor the scenario first");
        var to = from + scenario.DurationMs;
        long measured = 0, toJobs = 0, overhead = 0, unallocated = 0;
        var buckets = 0;
        foreach (var node in scenario.Nodes)
        {
            foreach (var p in await reader.QueryAsync(AttributionPoints.NodeAttribution, new Dictionary<string, string> { ["node"] = node.NodeId }, from, to, cancellationToken).ConfigureAwait(false))
            {
                buckets++;
                measured += Long(p, "measured_mj");
                toJobs += Long(p, "jobs_mj");
                overhead += Long(p, "overhead_mj");
                unallocated += Long(p, "unallocated_mj");
            }
        }

        var expected = scenario.Nodes.Count * (int)(scenario.DurationMs / DemoScenario.BucketMs);
        var truth = scenario.Truth().Values.Sum(n => n.WallJoules) * 1000;
        return new DemoSiteTotals(buckets, expected, measured, truth, toJobs, overhead, unallocated, jobs.Sum(j => j.ItMillijoules ?? 0));
    }

    /// <summary>Each node's baseline in the run's last attributed bucket, against the world's floor.</summary>
    public static async Task<IReadOnlyList<DemoBaseline>> BaselinesAsync(IPointReader reader, DemoScenario scenario, CancellationToken cancellationToken)
    {
        var from = scenario.OriginMs ?? throw new InvalidOperationException("anchor the scenario first");
        var baselines = new List<DemoBaseline>();
        foreach (var node in scenario.Nodes)
        {
            var points = await reader.QueryAsync(AttributionPoints.NodeAttribution, new Dictionary<string, string> { ["node"] = node.NodeId }, from, from + scenario.DurationMs, cancellationToken).ConfigureAwait(false);
            var last = points.Count > 0 ? points[^1] : null;
            baselines.Add(new DemoBaseline(node.NodeId, last is null ? null : LongOrNull(last, "baseline_mw"), last?.Field("baseline_source") as string ?? "none",
                scenario.World.Node(node.NodeId).IdleWallWatts));
        }

        return baselines;
    }

    /// <summary>The measured energy stored so far for the site's nodes since the origin (node_energy points), mJ.</summary>
    public static async Task<long> MeasuredSoFarAsync(IPointReader reader, DemoScenario scenario, long nowMs, CancellationToken cancellationToken)
    {
        long total = 0;
        if (scenario.OriginMs is not { } origin || nowMs <= origin)
        {
            return 0;
        }

        foreach (var node in scenario.Nodes)
        {
            var points = await reader.QueryAsync(NodePoints.NodeEnergy, new Dictionary<string, string> { ["node"] = node.NodeId }, origin, nowMs, cancellationToken).ConfigureAwait(false);
            total += points.Sum(p => Long(p, "energy_mj"));
        }

        return total;
    }
}
