namespace Metering.Collector.Intervals;

/// <summary>Tuning of the interval stage. Defaults match firmware v1 (10 s windows).</summary>
public sealed record IntervalOptions
{
    /// <summary>The defaults: gap factor 1.5, fallback window 10 s.</summary>
    public static readonly IntervalOptions Default = new();

    /// <summary>
    /// An interval whose length exceeds this many windows is bridged even with consecutive sequence numbers
    /// (a stalled loop, a clock step). The window is the closing reading's <c>end_ms - start_ms</c>.
    /// </summary>
    public double GapFactor { get; init; } = 1.5;

    /// <summary>Window length assumed when a reading's own window is empty (<c>start_ms == end_ms</c>), ms.</summary>
    public long FallbackWindowMs { get; init; } = 10_000;

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public IntervalOptions Validate()
    {
        if (!(GapFactor >= 1.0) || double.IsInfinity(GapFactor))
        {
            throw new ArgumentOutOfRangeException(nameof(GapFactor), GapFactor, "must be a finite number of windows, at least 1");
        }

        if (FallbackWindowMs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(FallbackWindowMs), FallbackWindowMs, "must be positive");
        }

        return this;
    }
}
