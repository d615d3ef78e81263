namespace Metering.Collector.Slurm;

/// <summary>
/// Which jobs the reconciler asks sacct about: those that ran since its last answered pass, less a margin (jobs are
/// written to the accounting database a little after they change), and at the first pass since
/// <paramref name="lookback"/> before then (what ran while the collector was down).
/// </summary>
/// <param name="runner">sacct.</param>
/// <param name="lookback">How far back the first pass looks; positive.</param>
/// <param name="margin">How far before the last answered pass each later one looks; not negative.</param>
public sealed class SacctWindow(ISacctRunner runner, TimeSpan lookback, TimeSpan margin)
{
    private long? _answeredMs;

    /// <summary>The start of the window the next pass asks about, at <paramref name="nowMs"/>.</summary>
    public long SinceMs(long nowMs) =>
        _answeredMs is { } last ? last - (long)margin.TotalMilliseconds : nowMs - (long)lookback.TotalMilliseconds;

    /// <summary>sacct's answer for the window at <paramref name="nowMs"/>.</summary>
    public Task<string> RunAsync(long nowMs, CancellationToken cancellationToken) => runner.RunAsync(SinceMs(nowMs), cancellationToken);

    /// <summary>The pass at <paramref name="nowMs"/> used sacct's answer: the next window starts there (less the margin).</summary>
    public void Answered(long nowMs) => _answeredMs = nowMs;
}
