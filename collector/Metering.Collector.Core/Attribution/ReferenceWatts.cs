namespace Metering.Collector.Attribution;

/// <summary>
/// What one allocated GPU and one allocated core are taken to draw when a job has no estimate, W. Only ratios matter
/// for the dynamic split (a 6-GPU job weighs three times a 2-GPU job); the GPU/core ratio decides how GPU jobs and
/// CPU-only jobs sharing a node split it, and both decide the idle shares under <see cref="IdlePolicy.Shared"/>.
/// </summary>
/// <param name="GpuWatts">Per allocated GPU, W (default 300: between an L40S/A100 PCIe and an H100 SXM under load).</param>
/// <param name="CoreWatts">Per allocated CPU core, W (default 10: a loaded server core with its share of memory and uncore).</param>
public sealed record ReferenceWatts(double GpuWatts, double CoreWatts)
{
    /// <summary>300 W per GPU, 10 W per core.</summary>
    public static ReferenceWatts Default { get; } = new(300, 10);

    /// <summary>Per GPU, mW, rounded.</summary>
    public long GpuMilliwatts => (long)Math.Round(GpuWatts * 1000, MidpointRounding.AwayFromZero);

    /// <summary>Per core, mW, rounded.</summary>
    public long CoreMilliwatts => (long)Math.Round(CoreWatts * 1000, MidpointRounding.AwayFromZero);

    /// <summary>The weight of <paramref name="gpus"/> GPUs and <paramref name="cores"/> cores, mW.</summary>
    public long Milliwatts(int gpus, int cores) => (gpus * GpuMilliwatts) + (cores * CoreMilliwatts);

    /// <summary>Throws unless both are finite, at least 0 and at most 100 kW.</summary>
    public ReferenceWatts Validate(string name)
    {
        if (!double.IsFinite(GpuWatts) || GpuWatts is < 0 or > 100_000)
        {
            throw new ArgumentOutOfRangeException(name, GpuWatts, "GPU reference watts must lie in 0..100000");
        }

        return !double.IsFinite(CoreWatts) || CoreWatts is < 0 or > 100_000
            ? throw new ArgumentOutOfRangeException(name, CoreWatts, "core reference watts must lie in 0..100000")
            : this;
    }
}
