using System.Globalization;
using Metering.Collector.Bench;
using Metering.Collector.Jobs;
using Metering.Firmware.Host.Loads;

namespace Metering.Collector.Demo;

/// <summary>
/// The demo's world: the site (<see cref="DemoSite"/>), the job schedule (<see cref="DemoSchedule"/>) and, once
/// anchored at an origin on the UTC timeline, the jobs as the collector records them, their estimates, and the truth
/// under the benchmark scenarios' model (<see cref="AttributionScenarios"/>: node wall power = its idle floor + its
/// jobs' dynamic power; a job's true energy = its dynamic energy + its idle share under the policy). The meters
/// measure exactly these loads: the wall feeds carry the node's wall power, each metered GPU rail its idle draw plus
/// <see cref="GpuShareOfDynamic"/> of its job's dynamic power per GPU, converted to DC.
/// </summary>
internal sealed class DemoScenario
{
    /// <summary>Share of a job's dynamic wall power drawn by its GPUs (the rest: CPUs, memory, fans).</summary>
    public const double GpuShareOfDynamic = 0.85;

    /// <summary>Estimate noise: uniform +/- 5 % of the true power per one-second estimate, as NVML-like readings.</summary>
    public const double EstimateNoise = AttributionScenarios.EstimateNoise;

    private long _origin = long.MinValue;

    /// <summary>The scenario of <paramref name="seed"/> over a run of <paramref name="durationMs"/>.</summary>
    public DemoScenario(int seed, long durationMs)
    {
        Seed = seed;
        DurationMs = durationMs;
        Nodes = DemoSite.Nodes(seed);
        Plans = DemoSchedule.Plan(seed, durationMs);
    }

    /// <summary>The seed of site and schedule.</summary>
    public int Seed { get; }

    /// <summary>Run length after the origin, ms: every job starts and ends in it.</summary>
    public long DurationMs { get; }

    /// <summary>The site's nodes.</summary>
    public IReadOnlyList<DemoNode> Nodes { get; }

    /// <summary>The schedule, relative to the origin.</summary>
    public IReadOnlyList<DemoJobPlan> Plans { get; }

    /// <summary>The origin on the UTC timeline (ms, a multiple of the bucket width), or null before <see cref="Anchor"/>.</summary>
    public long? OriginMs => Interlocked.Read(ref _origin) is var o && o != long.MinValue ? o : null;

    /// <summary>Puts the schedule on the timeline; once, before the origin is reached (loads must not change the past).</summary>
    public void Anchor(long originMs)
    {
        if (originMs % AttributionScenarios.WidthMs != 0)
        {
            throw new ArgumentException($"the origin {originMs} must be a multiple of the {AttributionScenarios.WidthMs} ms bucket width", nameof(originMs));
        }

        if (Interlocked.CompareExchange(ref _origin, originMs, long.MinValue) != long.MinValue)
        {
            throw new InvalidOperationException("the scenario is already anchored");
        }
    }

    /// <summary>The loads on each channel of <paramref name="node"/>'s meter, by channel id, on a fleet clock started at <paramref name="fleetStartUtcMs"/>.</summary>
    public IReadOnlyDictionary<int, ILoadProfile> Loads(DemoNode node, long fleetStartUtcMs)
    {
        var jobs = Plans.Where(p => p.NodeIndex == node.Index).ToList();
        var wall = new ScheduledPowerLoad(this, fleetStartUtcMs, node.IdleWatts, [.. jobs.Select(j => (j, 1.0))]);
        var loads = new Dictionary<int, ILoadProfile>
        {
            [0] = new Simulation.ScaledLoad(wall, node.Feed1Share),
            [1] = new Simulation.ScaledLoad(wall, 1 - node.Feed1Share),
        };
        for (var gpu = 0; gpu < DemoNode.MeteredRails; gpu++)
        {
            var holders = jobs.Where(j => j.GpuIndices.Contains(gpu)).Select(j => (j, node.PsuEfficiency * GpuShareOfDynamic / j.GpuIndices.Length));
            loads[2 + gpu] = new ScheduledPowerLoad(this, fleetStartUtcMs, node.GpuIdleDcWatts, [.. holders]);
        }

        return loads;
    }

    /// <summary>The id of a planned job in this run: <c>demo-HHmmss-key</c>, the origin's UTC time of day.</summary>
    public string JobId(DemoJobPlan plan) =>
        string.Create(CultureInfo.InvariantCulture, $"demo-{DateTimeOffset.FromUnixTimeMilliseconds(Origin).UtcDateTime:HHmmss}-{plan.Key}");

    /// <summary>A planned job on the timeline, as the benchmark's truth model takes it.</summary>
    public AttributionScenarios.SimJob SimJob(DemoJobPlan plan) =>
        new(JobId(plan), Nodes[plan.NodeIndex].NodeId, plan.GpuIndices, plan.Cores, Origin + plan.StartOffsetMs, Origin + plan.EndOffsetMs, plan.SecondWatts);

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
        StartMs = Origin + plan.StartOffsetMs,
    };

    /// <summary>The world the truth is computed on: the site's nodes and the jobs over [origin, origin + duration).</summary>
    public AttributionScenarios.World World() =>
        new([.. Nodes.Select(n => new AttributionScenarios.SimNode(n.NodeId, DemoNode.Gpus, DemoNode.Cores, n.IdleWatts))], [.. Plans.Select(SimJob)], DurationMs)
        {
            StartMs = Origin,
        };

    /// <summary>
    /// What a node agent would send for every job: one estimate per second of its run, the true dynamic power with
    /// uniform noise of +/- <paramref name="noise"/>, seeded; ordered by the end of the second they cover.
    /// </summary>
    public IReadOnlyList<PowerEstimate> Estimates(double noise = EstimateNoise)
    {
        var rng = new Random(unchecked(Seed ^ 0x5eed));
        return [.. Plans.SelectMany(p => SimJob(p).Estimates(rng, noise)).OrderBy(e => e.ToMs).ThenBy(e => e.JobId, StringComparer.Ordinal)];
    }

    private long Origin => OriginMs ?? throw new InvalidOperationException("anchor the scenario first");
}
