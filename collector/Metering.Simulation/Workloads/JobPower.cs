using Metering.Firmware.Host.Loads;

namespace Metering.Simulation.Workloads;

/// <summary>
/// What a job draws above the idle floor of what it holds: board power on each GPU it holds, power per core it holds
/// (the package's share), and DRAM power, each a step load on the world's clock (µs since the world's origin). The
/// node adds these while the job runs and nothing otherwise.
/// </summary>
public sealed class JobPower
{
    private readonly IStepLoad[] _gpuWatts;

    /// <summary>
    /// A job's dynamic power: <paramref name="gpuWatts"/> holds one load for every GPU it holds (in the order of its
    /// GPU indices) or one load every GPU follows; <paramref name="coreWatts"/> is per core held.
    /// </summary>
    public JobPower(IReadOnlyList<IStepLoad> gpuWatts, IStepLoad coreWatts, IStepLoad dramWatts)
    {
        ArgumentNullException.ThrowIfNull(gpuWatts);
        (_gpuWatts, CoreWatts, DramWatts) = ([.. gpuWatts], coreWatts, dramWatts);
    }

    /// <summary>Dynamic power of each core held, W.</summary>
    public IStepLoad CoreWatts { get; }

    /// <summary>Dynamic DRAM power, W.</summary>
    public IStepLoad DramWatts { get; }

    /// <summary>Loads given for the GPUs: 1 (every GPU the same) or one per GPU held.</summary>
    public int GpuLoads => _gpuWatts.Length;

    /// <summary>The dynamic board power of the job's <paramref name="position"/>-th GPU.</summary>
    public IStepLoad GpuWatts(int position) => _gpuWatts.Length == 1 ? _gpuWatts[0] : _gpuWatts[position];

    /// <summary>The first instant after <paramref name="microseconds"/> at which any part may change.</summary>
    public long NextChangeMicroseconds(long microseconds)
    {
        var next = Math.Min(CoreWatts.NextChangeMicroseconds(microseconds), DramWatts.NextChangeMicroseconds(microseconds));
        foreach (var gpu in _gpuWatts)
        {
            next = Math.Min(next, gpu.NextChangeMicroseconds(microseconds));
        }

        return next;
    }

    /// <summary>
    /// A job whose GPUs all draw one level per second of its run, <paramref name="gpuWatts"/> x uniform(1 - swing,
    /// 1 + swing) drawn from <paramref name="random"/>, and a constant <paramref name="coreWatts"/> per core and
    /// <paramref name="dramWatts"/>: the demo's and the benches' jobs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A duration under 1 µs, a swing outside 0..1, or a negative power.</exception>
    public static JobPower PerSecond(Random random, long startMicroseconds, long durationMicroseconds, double gpuWatts, double swing, double coreWatts, double dramWatts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(durationMicroseconds, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(gpuWatts);
        ArgumentOutOfRangeException.ThrowIfNegative(coreWatts);
        ArgumentOutOfRangeException.ThrowIfNegative(dramWatts);
        if (swing is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(swing), swing, "must be 0..1, so no second draws below zero");
        }

        const long Second = 1_000_000;
        var seconds = (int)((durationMicroseconds + Second - 1) / Second);
        double[] levels = [.. Enumerable.Range(0, seconds).Select(_ => gpuWatts * (1 + (((random.NextDouble() * 2) - 1) * swing)))];
        return new JobPower([new PhaseLoad(startMicroseconds, Second, levels)], new ConstantLoad(coreWatts), new ConstantLoad(dramWatts));
    }
}
