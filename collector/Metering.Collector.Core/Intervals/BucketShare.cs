namespace Metering.Collector.Intervals;

/// <summary>The part of an interval that falls into one aligned bucket.</summary>
/// <param name="BucketStartMs">Start of the bucket, ms since the Unix epoch (UTC), a multiple of the width.</param>
/// <param name="EnergyMillijoules">The interval's energy pro rata of the time inside the bucket, mJ.</param>
/// <param name="CoveredMs">Time of the interval inside the bucket, ms (0 for a zero-length interval).</param>
public readonly record struct BucketShare(long BucketStartMs, long EnergyMillijoules, long CoveredMs);
