using Metering.Collector.Attribution;
using Metering.Collector.Jobs;
using Metering.Collector.Nodes;

namespace Metering.Collector.Tests.Attribution;

/// <summary>
/// The standard test node: gpu-a01 at site paris-dc1, 8 GPUs and 64 cores (3 040 W at the default reference watts),
/// idle_w 800, PUE zone room-a; 10 s buckets from T0.
/// </summary>
internal static class Given
{
    public const long T0 = 1_740_000_000_000;   // a multiple of 10 s
    public const long W = 10_000;

    public static Node Node(int gpus = 8, int cores = 64, int? idleWatts = 800, string id = "gpu-a01", IReadOnlyDictionary<string, string>? labels = null) =>
        new(id, "paris-dc1", gpus, cores, "room-a", [new Feed("psu1", FeedRole.Wall)], idleWatts, labels);

    public static Inventory Inventory(params Node[] nodes) =>
        Metering.Collector.Nodes.Inventory.Create([new Site("paris-dc1")], nodes.Length > 0 ? nodes : [Node()], []);

    public static NodeEnergy Bucket(long energyMj, long start = T0, double coverage = 1.0, int revision = 0, string node = "gpu-a01", long width = W) =>
        new("paris-dc1", node, start, width, energyMj, energyMj * 1000 / width, coverage, 0, coverage >= 1, revision, []);

    /// <summary>A job on gpu-a01 (or <paramref name="node"/>) with GPUs 0..gpus-1, over [start, end) (end null: running).</summary>
    public static Job Job(string id, int gpus, int cores, long start = T0 - 60_000, long? end = null, string node = "gpu-a01") => new()
    {
        Id = id,
        Source = JobSource.Api,
        Allocations = [new JobAllocation(node, [.. Enumerable.Range(0, gpus)], cores)],
        StartMs = start,
        EndMs = end,
        State = end is null ? JobState.Running : JobState.Completed,
    };

    public static PowerEstimate Estimate(string job, double watts, long from = T0 - 60_000, long to = T0 + 60_000, string node = "gpu-a01") =>
        new(job, node, from, to, watts);

    public static IdleBaseline Idle800 => IdleBaseline.Configured(800_000);

    /// <summary>jobs + overhead + unallocated - measured: must be 0.</summary>
    public static long Imbalance(BucketAttribution a) =>
        a.Jobs.Sum(j => j.ItMillijoules) + a.Remainder.IdleOverheadMillijoules + a.Remainder.UnallocatedMillijoules - a.Remainder.MeasuredMillijoules;
}
