using System.Diagnostics;
using Metering.Collector.Attribution;
using Metering.Collector.Carbon;
using Metering.Collector.Jobs;
using Metering.Collector.Nodes;

namespace Metering.Collector.Bench;

/// <summary>Attribution throughput.</summary>
public static partial class AttributionScenarios
{
    /// <summary>
    /// Goal, node-intervals per second on one thread: 10,000 nodes at 10 s buckets are 1,000 per second; ten times
    /// that is the headroom asked for on 2 cores.
    /// </summary>
    public const double ThroughputGoalPerSecond = 10_000;

    /// <summary>
    /// Attributes <paramref name="nodes"/> x <paramref name="intervals"/> node buckets on one thread, each node shared
    /// by <paramref name="jobsPerNode"/> jobs (every other one with a power estimate), PUE and a carbon series applied.
    /// With <paramref name="throughStage"/> the buckets go through <see cref="AttributionStage"/> (job lookups in a
    /// production <see cref="JobStore"/>, the ledger, summaries-ready records, eviction after 6 buckets); else straight to
    /// <see cref="Attributor.Attribute"/>. Measures wall time with a stopwatch.
    /// </summary>
    public static ThroughputResult Throughput(int nodes = 10_000, int intervals = 360, int jobsPerNode = 2, bool throughStage = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(intervals, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(jobsPerNode);
        var inventory = Inventory.Create(
            [new Site("bench")],
            [.. Enumerable.Range(0, nodes).Select(i => new Node($"node-{i:D5}", "bench", 8, 64, "room-a", [new Feed("psu1", FeedRole.Wall)], i % 2 == 0 ? 800 : null))],
            []);
        var table = new JobStore();
        var perNode = new List<Job>[nodes];
        var estimates = new List<PowerEstimate>[nodes];
        var end = T0 + (intervals * WidthMs);
        for (var i = 0; i < nodes; i++)
        {
            (perNode[i], estimates[i]) = ([], []);
            for (var k = 0; k < jobsPerNode; k++)
            {
                var job = new Job { Id = $"job-{i}-{k}", Source = JobSource.Api, Allocations = [new JobAllocation($"node-{i:D5}", [k % 8], 8)], StartMs = T0 + (k * 3_000), EndMs = end - (k * 7_000) };
                perNode[i].Add(job);
                table.Start(job);
                if (k % 2 == 0)
                {
                    var e = new PowerEstimate(job.Id, $"node-{i:D5}", job.StartMs, job.EndMs!.Value, 250 + (10 * k));
                    estimates[i].Add(e);
                    table.AddEstimate(e);
                }
            }
        }

        var carbon = new IntensitySeries(Enumerable.Range(0, (intervals / 180) + 2).Select(h => new IntensityPoint(T0 + (h * 1_800_000L), 300 + (h * 7))));
        var facility = new FacilityCarbonModel(new PueTable(new Dictionary<string, double> { ["room-a"] = 1.3 }), new CarbonIntensityTable(bySite: new Dictionary<string, ICarbonIntensity> { ["bench"] = carbon }));
        var attributor = new Attributor(AttributionPolicy.Default, facility);
        var stage = new AttributionStage(inventory, table, attributor, new AttributionStageOptions { RetentionMs = 6 * WidthMs });
        var nodeList = inventory.Nodes;
        long checksum = 0;
        var clock = Stopwatch.StartNew();
        for (var t = 0; t < intervals; t++)
        {
            var b0 = T0 + (t * WidthMs);
            for (var i = 0; i < nodes; i++)
            {
                var node = nodeList[i];
                var mj = 8_000_000 + ((((i * 31) + t) % 97) * 100_000L);
                var energy = new NodeEnergy("bench", node.Id, b0, WidthMs, mj, mj / 10, 1.0, 0, true, 0, []);
                checksum += throughStage
                    ? stage.OnNodeEnergy(energy).Records.Sum(r => r.ItMillijoules)
                    : attributor.Attribute(energy, node, perNode[i], estimates[i], stage.BaselineFor(node)).Remainder.JobsMillijoules;
            }

            if (throughStage)
            {
                stage.Evict(b0 + WidthMs);
            }
        }

        clock.Stop();
        return new((long)nodes * intervals, clock.Elapsed.TotalSeconds, checksum, throughStage);
    }
}

/// <summary>How fast attribution ran.</summary>
/// <param name="NodeIntervals">Node buckets attributed.</param>
/// <param name="Seconds">Wall time, s.</param>
/// <param name="ChecksumMillijoules">Sum of the jobs' energy (keeps the work from being optimised away), mJ.</param>
/// <param name="ThroughStage">Whether buckets went through the whole stage or straight to the attributor.</param>
public sealed record ThroughputResult(long NodeIntervals, double Seconds, long ChecksumMillijoules, bool ThroughStage)
{
    /// <summary>Node buckets per second.</summary>
    public double NodeIntervalsPerSecond => Seconds > 0 ? NodeIntervals / Seconds : double.PositiveInfinity;

    /// <summary>True when at least <see cref="AttributionScenarios.ThroughputGoalPerSecond"/>.</summary>
    public bool MeetsGoal => NodeIntervalsPerSecond >= AttributionScenarios.ThroughputGoalPerSecond;

    /// <summary>One line for people.</summary>
    public override string ToString() =>
        FormattableString.Invariant($"attribution {(ThroughStage ? "stage" : "attributor")}: {NodeIntervals} node-intervals in {Seconds:F2} s = {NodeIntervalsPerSecond:F0}/s (goal {AttributionScenarios.ThroughputGoalPerSecond:F0}/s: {(MeetsGoal ? "met" : "MISSED")})");
}
