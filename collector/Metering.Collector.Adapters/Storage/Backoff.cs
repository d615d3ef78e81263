namespace Metering.Collector.Storage;

/// <summary>Retry delays: capped exponential backoff with "equal jitter" (half fixed, half random).</summary>
public static class Backoff
{
    /// <summary>
    /// The delay before retry number <paramref name="failures"/> (1 = after the first failure):
    /// d = min(<paramref name="max"/>, <paramref name="initial"/> x 2^(failures-1)), then d/2 + d/2 x <paramref name="random01"/>.
    /// The fixed half keeps a flapping sink from being hammered; the random half spreads collectors apart.
    /// </summary>
    public static TimeSpan Delay(int failures, TimeSpan initial, TimeSpan max, double random01)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(random01, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(random01, 1.0);
        var exponent = Math.Min(failures - 1, 30);
        var ticks = Math.Min((double)max.Ticks, initial.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)((ticks / 2) + (ticks / 2 * random01)));
    }
}
