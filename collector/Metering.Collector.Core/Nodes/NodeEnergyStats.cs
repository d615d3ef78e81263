namespace Metering.Collector.Nodes;

/// <summary>What the accumulator did with its input, for metrics: nothing is dropped without being counted here.</summary>
/// <param name="Intervals">Channel intervals accepted.</param>
/// <param name="DuplicateIntervals">Intervals ignored because their channel had already given one as new (same or older boot, seq).</param>
/// <param name="UnmappedParts">Interval parts during which their channel had no mapping.</param>
/// <param name="UnmappedMillijoules">Their energy, mJ.</param>
/// <param name="TooLateShares">Bucket shares for buckets already emitted and dropped after the retention window.</param>
/// <param name="TooLateMillijoules">Their energy, mJ.</param>
/// <param name="LateShares">Bucket shares added to a bucket already emitted (causing a re-emission).</param>
/// <param name="Emitted">Buckets emitted for the first time.</param>
/// <param name="Reemitted">Re-emissions of buckets after late shares.</param>
public sealed record NodeEnergyStats(
    long Intervals,
    long DuplicateIntervals,
    long UnmappedParts,
    long UnmappedMillijoules,
    long TooLateShares,
    long TooLateMillijoules,
    long LateShares,
    long Emitted,
    long Reemitted)
{
    /// <summary>All zero.</summary>
    public static readonly NodeEnergyStats Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0);
}
