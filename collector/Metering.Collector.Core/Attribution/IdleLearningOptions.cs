namespace Metering.Collector.Attribution;

/// <summary>How a node's idle baseline is learned from buckets in which no job ran.</summary>
public sealed record IdleLearningOptions
{
    /// <summary>The percentile of idle-bucket power taken as the baseline, 0..100 (nearest rank; default 5).</summary>
    public double Percentile { get; init; } = 5;

    /// <summary>The newest this-many idle buckets (by start) are kept per node (default 360: an hour of 10 s buckets).</summary>
    public int WindowSamples { get; init; } = 360;

    /// <summary>Idle buckets needed before the learned baseline is used (default 30: five minutes of 10 s buckets).</summary>
    public int MinSamples { get; init; } = 30;

    /// <summary>
    /// Only buckets with at least this coverage are learned from (default 1: a bucket with a silent feed or a gap
    /// under-reads the node's power).
    /// </summary>
    public double MinCoverage { get; init; } = 1.0;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public IdleLearningOptions Validate()
    {
        if (!double.IsFinite(Percentile) || Percentile is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(Percentile), Percentile, "must lie in 0..100");
        }

        if (WindowSamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(WindowSamples), WindowSamples, "must be at least 1");
        }

        if (MinSamples < 1 || MinSamples > WindowSamples)
        {
            throw new ArgumentOutOfRangeException(nameof(MinSamples), MinSamples, $"must lie in 1..{nameof(WindowSamples)} ({WindowSamples})");
        }

        return !double.IsFinite(MinCoverage) || MinCoverage is < 0 or > 1
            ? throw new ArgumentOutOfRangeException(nameof(MinCoverage), MinCoverage, "must lie in 0..1")
            : this;
    }
}
