namespace Metering.Simulation.Estimators;

/// <summary>
/// How a GPU generation's NVML reports board power (<c>nvmlDeviceGetPowerUsage</c>, mW). The sensor publishes a
/// reading every <see cref="UpdateMicroseconds"/>: the mean board power over only the last
/// <see cref="SampledMicroseconds"/> of that period (A100 and H100 sample about 25 % of the time: Yang, Adamek and
/// Armour, SC24). Ampere (except GA100) and newer report the mean of the readings of the last
/// <see cref="AveragingMicroseconds"/> (1 s); older generations and GA100 the last reading. Every reading is off by
/// the GPU's own constant error, within +/- <see cref="AccuracyWatts"/> (nvidia-smi: "accurate to within +/- 5 W").
/// </summary>
/// <param name="Name">The generation, for people.</param>
/// <param name="UpdateMicroseconds">Time between readings, µs (about 100 ms).</param>
/// <param name="SampledMicroseconds">Part of each period the reading averages, µs, at its end.</param>
/// <param name="AveragingMicroseconds">Readings averaged into what NVML returns, µs of them (0: the last reading only).</param>
/// <param name="AccuracyWatts">Bound of each GPU's constant error, W.</param>
public sealed record NvmlModel(string Name, long UpdateMicroseconds, long SampledMicroseconds, long AveragingMicroseconds, double AccuracyWatts)
{
    /// <summary>A100 (GA100): the last reading, each the mean of 25 ms of every 100 ms.</summary>
    public static NvmlModel A100 { get; } = new("A100", 100_000, 25_000, 0, 5);

    /// <summary>H100: the mean of the last second's readings, each the mean of 25 ms of every 100 ms.</summary>
    public static NvmlModel H100 { get; } = new("H100", 100_000, 25_000, 1_000_000, 5);

    /// <summary>Checks the model; throws naming the property that is wrong.</summary>
    /// <exception cref="ArgumentException">A period under 1 µs, a sampled part outside it, an averaging span that is not whole periods, a negative accuracy.</exception>
    public NvmlModel Validate()
    {
        if (UpdateMicroseconds < 1 || SampledMicroseconds < 1 || SampledMicroseconds > UpdateMicroseconds)
        {
            throw new ArgumentException("the sampled part must be 1 µs .. one update period", nameof(SampledMicroseconds));
        }

        if (AveragingMicroseconds < 0 || AveragingMicroseconds % UpdateMicroseconds != 0)
        {
            throw new ArgumentException("the averaging span must be 0 or whole update periods", nameof(AveragingMicroseconds));
        }

        return AccuracyWatts >= 0 ? this : throw new ArgumentException("must not be negative", nameof(AccuracyWatts));
    }
}
