using System.Globalization;
using Metering.Collector.Bench;
using Metering.Collector.Jobs;
using Metering.Simulation;
using Metering.Simulation.Estimators;

namespace Metering.Collector.Demo;

/// <summary>
/// The demo's world: the site (<see cref="DemoSite"/>) and the job schedule (<see cref="DemoSchedule"/>) as one
/// <see cref="Simulation.World"/> whose clock starts at the run's origin, and, once anchored there on the UTC
/// timeline, the jobs as the collector records them, the estimates a node agent reading NVML would send (an H100's
/// <see cref="NvmlView"/>: board power of the job's GPUs, idle included), and the truth from the world's physics.
/// The meters measure the same world (<see cref="Simulation.World.MeterLoads"/>).
/// </summary>
internal sealed class DemoScenario
{
    /// <summary>Width of the collector's node buckets, ms: the origin sits on this grid.</summary>
    public const long BucketMs = 10_000;

    /// <summary>The GPUs whose NVML the node agents read: H100s.</summary>
    public static readonly NvmlModel GpuModel = NvmlModel.H100;

    private IReadOnlyDictionary<string, NodeTruth>? _truth;

    /// <summary>The scenario of <paramref name="seed"/> over a run of <paramref name="durationMs"/>.</summary>
    public DemoScenario(int seed, long durationMs)
    {
        Seed = seed;
        DurationMs = durationMs;
        Nodes = DemoSite.Nodes(seed);
        Plans = DemoSchedule.Plan(seed, durationMs);
        World = new World(Nodes.Select(n => n.Spec), Plans.Select(p => p.ToSimJob(Nodes[p.NodeIndex].NodeId)));
    }

    /// <summary>The seed of site and schedule.</summary>
    public int Seed { get; }

    /// <summary>Run length after the origin, ms: every job starts and ends in it.</summary>
    public long DurationMs { get; }

    /// <summary>The site's nodes.</summary>
    public IReadOnlyList<DemoNode> Nodes { get; }

    /// <summary>The schedule, relative to the origin.</summary>
    public IReadOnlyList<DemoJobPlan> Plans { get; }

    /// <summary>The world: the nodes with their physics and the schedule's jobs (ids: the plans' keys).</summary>
    public World World { get; }

    /// <summary>The origin on the UTC timeline (ms, a multiple of the bucket width), or null before <see cref="Anchor"/>.</summary>
    public long? OriginMs => World.OriginUtcMilliseconds;

    /// <summary>Puts the schedule on the timeline; once, before the origin is reached (loads must not change the past).</summary>
    public void Anchor(long originMs)
    {
        if (originMs % BucketMs != 0)
        {
            throw new ArgumentException($"the origin {originMs} must be a multiple of the {BucketMs} ms bucket width", nameof(originMs));
        }

        if (OriginMs is not null)
        {
            throw new InvalidOperationException("the scenario is already anchored");
        }

        World.Anchor(originMs);
    }

    /// <summary>The id of a planned job in this run: <c>demo-HHmmss-key</c>, the origin's UTC time of day.</summary>
    public string JobId(DemoJobPlan plan) =>
        string.Create(CultureInfo.InvariantCulture, $"demo-{DateTimeOffset.FromUnixTimeMilliseconds(Origin).UtcDateTime:HHmmss}-{plan.Key}");

    /// <summary>Start of a planned job on the UTC timeline, ms.</summary>
    public long StartMs(DemoJobPlan plan) => Origin + plan.StartOffsetMs;

    /// <summary>End of a planned job on the UTC timeline, ms.</summary>
    public long EndMs(DemoJobPlan plan) => Origin + plan.EndOffsetMs;

    /// <summary>The job as a job source reports its start (no end yet), with its labels.</summary>
    public Job StartedJob(DemoJobPlan plan) => new()
    {
        Id = JobId(plan),
        Source = JobSource.Api,
        Name = plan.Name,
        User = plan.User,
        Project = plan.Project,
        Model = plan.Model,
        Purpose = plan.Purpose,
        Allocations = [new JobAllocation(Nodes[plan.NodeIndex].NodeId, plan.GpuIndices, plan.Cores)],
        StartMs = StartMs(plan),
    };

    /// <summary>
    /// What a node agent reading NVML sends for every job: one estimate per second of its run, the sum of the power
    /// NVML reports for its GPUs at the end of that second; ordered by the end of the second they cover.
    /// </summary>
    public IReadOnlyList<PowerEstimate> Estimates()
    {
        var views = Nodes.ToDictionary(n => n.NodeId, n => new NvmlView(World.Node(n.NodeId), GpuModel, unchecked((Seed * 31) + n.Index)), StringComparer.Ordinal);
        return [.. Plans.SelectMany(p => NvmlEstimates.Of(views[Nodes[p.NodeIndex].NodeId], World, World.Jobs.Single(j => j.Id == p.Key), JobId(p)))
            .OrderBy(e => e.ToMs).ThenBy(e => e.JobId, StringComparer.Ordinal)];
    }

    /// <summary>Every node's truth over the run, [origin, origin + duration), by node id (computed once).</summary>
    public IReadOnlyDictionary<string, NodeTruth> Truth() => _truth ??= World.Truth(Origin, Origin + DurationMs);

    /// <summary>The truth of a planned job over the run.</summary>
    public JobTruth Truth(DemoJobPlan plan) => Truth()[Nodes[plan.NodeIndex].NodeId].Jobs[plan.Key];

    private long Origin => OriginMs ?? throw new InvalidOperationException("anchor the scenario first");
}
