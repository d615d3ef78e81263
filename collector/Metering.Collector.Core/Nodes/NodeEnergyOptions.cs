namespace Metering.Collector.Nodes;

/// <summary>How node energy is bucketed and when buckets are emitted.</summary>
public sealed record NodeEnergyOptions
{
    /// <summary>10 s buckets, a 2 min lateness horizon, 1 h retention.</summary>
    public static readonly NodeEnergyOptions Default = new();

    /// <summary>Bucket width, ms; buckets start on multiples of it since the Unix epoch (10 s by default).</summary>
    public long WidthMs { get; init; } = 10_000;

    /// <summary>
    /// A bucket whose wall feeds have not all reported past its end is emitted anyway, with its partial coverage,
    /// once its end is this far behind the time given to <see cref="NodeEnergyAccumulator.TakeReady"/>, ms.
    /// </summary>
    public long LatenessHorizonMs { get; init; } = 120_000;

    /// <summary>
    /// An emitted bucket is kept this long after its end so late intervals re-emit it with updated totals, ms;
    /// energy for a bucket already dropped is counted as too late.
    /// </summary>
    public long RetentionMs { get; init; } = 3_600_000;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public NodeEnergyOptions Validate()
    {
        if (WidthMs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(WidthMs), WidthMs, "must be positive");
        }

        if (LatenessHorizonMs < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(LatenessHorizonMs), LatenessHorizonMs, "must not be negative");
        }

        if (RetentionMs < LatenessHorizonMs)
        {
            throw new ArgumentOutOfRangeException(nameof(RetentionMs), RetentionMs, $"must be at least the lateness horizon ({LatenessHorizonMs} ms)");
        }

        return this;
    }
}
