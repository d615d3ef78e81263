namespace Metering.Collector.Intervals;

/// <summary>
/// Cuts an interval's energy at aligned bucket boundaries by linear interpolation of the counter (pro rata by
/// time). Buckets are [k x W, (k + 1) x W) in ms since the Unix epoch, so 10 s buckets start on wall-clock
/// multiples of 10 s. Conservation is exact in integer millijoules (<see cref="ProRata"/>).
/// </summary>
public static class BucketCutter
{
    /// <summary>The default bucket width, 10 s (the attribution interval, Attribution/README.md).</summary>
    public const long DefaultWidthMs = 10_000;

    /// <summary>
    /// The energy of [<paramref name="startMs"/>, <paramref name="endMs"/>] in each bucket it overlaps, oldest first;
    /// the shares sum to <paramref name="energyMillijoules"/> exactly. A zero-length interval is an instant whose
    /// energy accrued before it: it lands whole in the bucket (b, b + W] holding the instant, so an instant on a
    /// boundary belongs to the bucket that ends there.
    /// </summary>
    public static IReadOnlyList<BucketShare> Cut(long startMs, long endMs, long energyMillijoules, long widthMs = DefaultWidthMs)
    {
        if (widthMs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(widthMs), widthMs, "must be positive");
        }

        if (endMs < startMs)
        {
            throw new ArgumentOutOfRangeException(nameof(endMs), endMs, $"must not be before the start {startMs}");
        }

        if (energyMillijoules < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(energyMillijoules), energyMillijoules, "must not be negative");
        }

        if (endMs == startMs)
        {
            return [new BucketShare(InstantBucket(startMs, widthMs), energyMillijoules, 0)];
        }

        var duration = endMs - startMs;
        var shares = new List<BucketShare>((int)Math.Min(1024, (duration / widthMs) + 2));
        for (var bucket = BucketStart(startMs, widthMs); bucket < endMs; bucket += widthMs)
        {
            var from = Math.Max(bucket, startMs) - startMs;
            var to = Math.Min(bucket + widthMs, endMs) - startMs;
            shares.Add(new BucketShare(bucket, ProRata.Piece(energyMillijoules, from, to, duration), to - from));
        }

        return shares;
    }

    /// <summary>Start of the bucket [b, b + W) that holds <paramref name="timeMs"/>.</summary>
    public static long BucketStart(long timeMs, long widthMs = DefaultWidthMs) => FloorDiv(timeMs, widthMs) * widthMs;

    /// <summary>Start of the bucket (b, b + W] that holds the instant <paramref name="timeMs"/> (the bucket ending at it when aligned).</summary>
    public static long InstantBucket(long timeMs, long widthMs = DefaultWidthMs) => BucketStart(timeMs - 1, widthMs);

    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
