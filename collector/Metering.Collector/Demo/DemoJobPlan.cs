using Metering.Simulation.Workloads;

namespace Metering.Collector.Demo;

/// <summary>
/// A job of the demo's schedule, relative to the run's origin (not yet on a clock): who ran it and for what, where
/// (node, GPU indices, cores), when (offset and duration, ms) and what it draws above the idle floor of what it holds
/// (<see cref="JobPower"/> on the world's clock, µs since the origin).
/// </summary>
/// <param name="Key">Short name, unique in the schedule (<c>pretrain</c>, <c>batch-03</c>): the job's id in the world; the collector's id adds the run's time.</param>
/// <param name="Name">Human name.</param>
/// <param name="Project">Project it is charged to.</param>
/// <param name="Model">Model trained or served.</param>
/// <param name="Purpose">training, fine-tuning, inference, evaluation.</param>
/// <param name="User">Who ran it.</param>
/// <param name="NodeIndex">Index of its node in the site.</param>
/// <param name="GpuIndices">GPUs it holds on the node.</param>
/// <param name="Cores">CPU cores it holds.</param>
/// <param name="StartOffsetMs">Start, ms after the run's origin.</param>
/// <param name="DurationMs">Run time, ms (at least 1).</param>
/// <param name="Power">What it draws above the idle floor of what it holds.</param>
internal sealed record DemoJobPlan(
    string Key,
    string Name,
    string Project,
    string Model,
    string Purpose,
    string User,
    int NodeIndex,
    int[] GpuIndices,
    int Cores,
    long StartOffsetMs,
    long DurationMs,
    JobPower Power)
{
    /// <summary>End, ms after the origin.</summary>
    public long EndOffsetMs => StartOffsetMs + DurationMs;

    /// <summary>The job in the world, on node <paramref name="nodeId"/>.</summary>
    public SimJob ToSimJob(string nodeId) => new(Key, nodeId, GpuIndices, Cores, StartOffsetMs * 1000, EndOffsetMs * 1000, Power);
}
