using Metering.Collector.Jobs;
using Metering.Simulation;
using Metering.Simulation.Estimators;
using Metering.Simulation.Workloads;

namespace Metering.Collector.Bench;

/// <summary>The estimates the collector gets for <paramref name="job"/> of <paramref name="world"/> (anchored) in a scenario seeded <paramref name="seed"/>.</summary>
public delegate IEnumerable<PowerEstimate> ScenarioEstimator(World world, SimJob job, int seed);

/// <summary>
/// What a node agent polling NVML sends the collector: an <see cref="NvmlView"/>'s per-second <see cref="JobEstimate"/>s
/// (µs of the world's clock) as <see cref="PowerEstimate"/>s on the UTC timeline. GPU board power only, the GPUs'
/// idle power included, nothing of CPUs, DRAM, fans or supply losses (Metering.Simulation README, "Estimator views").
/// </summary>
public static class NvmlEstimates
{
    /// <summary>
    /// <paramref name="view"/>'s estimates of <paramref name="job"/> (one per second of its run) on the UTC timeline of
    /// <paramref name="world"/>, under <paramref name="jobId"/> (default: the world's job id).
    /// </summary>
    public static IEnumerable<PowerEstimate> Of(NvmlView view, World world, SimJob job, string? jobId = null) =>
        view.JobEstimates(job).Select(e => new PowerEstimate(jobId ?? e.JobId, e.NodeId, world.UtcMillisecondsAt(e.FromMicroseconds), world.UtcMillisecondsAt(e.ToMicroseconds), e.Watts));

    /// <summary>
    /// The scenarios' estimator: the H100 view of the job's node (<see cref="NvmlModel.H100"/>), each GPU's constant
    /// error drawn from <see cref="NodeSeed"/> of the scenario's seed and the node's index in the world.
    /// </summary>
    public static IEnumerable<PowerEstimate> H100(World world, SimJob job, int seed)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(job);
        var index = 0;
        while (index < world.Nodes.Count && world.Nodes[index].Id != job.NodeId)
        {
            index++;
        }

        return Of(new NvmlView(world.Node(job.NodeId), NvmlModel.H100, NodeSeed(seed, index)), world, job);
    }

    /// <summary>The seed of node <paramref name="nodeIndex"/>'s view in a scenario seeded <paramref name="seed"/> (apart from the seed of the loads).</summary>
    public static int NodeSeed(int seed, int nodeIndex) => unchecked((seed * 31) + nodeIndex) ^ 0x4E564D4C;
}
