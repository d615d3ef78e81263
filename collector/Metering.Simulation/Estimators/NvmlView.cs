using Metering.Simulation.Physics;
using Metering.Simulation.Workloads;

namespace Metering.Simulation.Estimators;

/// <summary>
/// A node's GPUs as NVML reports them (<see cref="NvmlModel"/>): board power only, so nothing of the CPUs, DRAM, fans,
/// board or power supplies; each GPU's idle draw included; sampled part of the time, averaged over a window that
/// trails the load; off by a constant error per GPU, drawn from the seed. What a node agent reading NVML would send
/// to the collector as a job's power (<see cref="JobEstimates"/>).
/// </summary>
public sealed class NvmlView
{
    private readonly SimulatedNode _node;
    private readonly double[] _offsets;

    /// <summary>The view of <paramref name="node"/>'s GPUs under <paramref name="model"/>, with per-GPU errors drawn from <paramref name="seed"/>.</summary>
    public NvmlView(SimulatedNode node, NvmlModel model, int seed)
    {
        (_node, Model) = (node, model.Validate());
        var random = new Random(seed);
        _offsets = [.. Enumerable.Range(0, node.Spec.Gpus).Select(_ => ((random.NextDouble() * 2) - 1) * model.AccuracyWatts)];
    }

    /// <summary>The generation's behaviour.</summary>
    public NvmlModel Model { get; }

    /// <summary>GPU <paramref name="gpu"/>'s constant error, W.</summary>
    public double OffsetWatts(int gpu) => _offsets[gpu];

    /// <summary>What <c>nvmlDeviceGetPowerUsage</c> returns for GPU <paramref name="gpu"/> at the world's <paramref name="microseconds"/>, mW.</summary>
    public long PowerUsageMilliwatts(int gpu, long microseconds)
    {
        var last = Math.DivRem(microseconds, Model.UpdateMicroseconds) switch { var (q, r) when r < 0 => q - 1, var (q, _) => q } * Model.UpdateMicroseconds;
        var readings = Math.Max(1, Model.AveragingMicroseconds / Model.UpdateMicroseconds);
        double watts = 0;
        for (var k = 0; k < readings; k++)
        {
            watts += Reading(gpu, last - (k * Model.UpdateMicroseconds));
        }

        return (long)Math.Round(Math.Max(0, watts / readings) * 1000);
    }

    /// <summary>
    /// What a node agent polling NVML sends for <paramref name="job"/>: for each <paramref name="periodMicroseconds"/> of
    /// its run (from its start; the last one ends with it), the sum over its GPUs of the power NVML reports at the end.
    /// </summary>
    public IReadOnlyList<JobEstimate> JobEstimates(SimJob job, long periodMicroseconds = 1_000_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periodMicroseconds, 1);
        if (job.NodeId != _node.Id || job.EndMicroseconds == long.MaxValue)
        {
            throw new ArgumentException($"job {job.Id} must be a job of {_node.Id} that ends", nameof(job));
        }

        var estimates = new List<JobEstimate>();
        for (var from = job.StartMicroseconds; from < job.EndMicroseconds; from += periodMicroseconds)
        {
            var to = Math.Min(job.EndMicroseconds, from + periodMicroseconds);
            var milliwatts = job.GpuIndices.Sum(g => PowerUsageMilliwatts(g, to));
            estimates.Add(new JobEstimate(job.Id, _node.Id, from, to, milliwatts / 1000.0));
        }

        return estimates;
    }

    /// <summary>The reading published at <paramref name="update"/>: mean board power over the sampled end of its period, plus the GPU's error, W.</summary>
    private double Reading(int gpu, long update) =>
        (_node.GpuJoules(gpu, update - Model.SampledMicroseconds, update) * 1e6 / Model.SampledMicroseconds) + _offsets[gpu];
}
