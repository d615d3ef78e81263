namespace Metering.Collector.Nodes;

/// <summary>
/// A node's measured energy in one aligned bucket: the sum of its wall feeds, how much of the bucket the meters
/// covered, and every feed's share (submeters included, never summed). Keyed by (site, node, bucket start):
/// a re-emission with a higher <see cref="Revision"/> replaces the earlier one.
/// </summary>
/// <param name="SiteId">The node's site.</param>
/// <param name="NodeId">The node.</param>
/// <param name="BucketStartMs">Bucket start, ms since the Unix epoch (UTC), a multiple of <paramref name="WidthMs"/>.</param>
/// <param name="WidthMs">Bucket width, ms.</param>
/// <param name="EnergyMillijoules">Sum of the wall feeds' energy in the bucket, mJ.</param>
/// <param name="PowerMeanMilliwatts">Energy over the whole bucket width, mW (rounded); not scaled up for missing coverage.</param>
/// <param name="Coverage">Covered share of (bucket width x expected wall feeds), 0..1; bridged time counts as covered.</param>
/// <param name="BridgedShare">Share of (bucket width x expected wall feeds) covered by bridged intervals, 0..<paramref name="Coverage"/>.</param>
/// <param name="Complete">True when every expected wall feed had reported past the bucket's end; false when emitted at the lateness horizon.</param>
/// <param name="Revision">0 at the first emission, +1 at each re-emission caused by late intervals.</param>
/// <param name="Feeds">Every feed of the node (declared ones with 0 when silent) and any other that reported, by feed id.</param>
public sealed record NodeEnergy(
    string SiteId,
    string NodeId,
    long BucketStartMs,
    long WidthMs,
    long EnergyMillijoules,
    long PowerMeanMilliwatts,
    double Coverage,
    double BridgedShare,
    bool Complete,
    int Revision,
    IReadOnlyList<FeedEnergy> Feeds)
{
    /// <summary>
    /// The most the node drew in the bucket as its meters sampled it, mW: the sum of its wall feeds' sampled maxima
    /// (<c>p_max_mw</c>), an upper bound. Null when a wall feed was silent or part of what it reported has no maximum
    /// (a bridged interval, a window without samples). Attribution charges no job more than this power over its time.
    /// </summary>
    public long? PeakMilliwatts { get; init; }
}

/// <summary>One feed's energy in a node bucket.</summary>
/// <param name="FeedId">Feed id.</param>
/// <param name="Role">Wall (summed into the node) or submeter (reported only).</param>
/// <param name="EnergyMillijoules">Energy of the feed's intervals inside the bucket, mJ.</param>
/// <param name="CoveredMs">Time of the bucket covered by the feed's intervals, ms.</param>
/// <param name="BridgedMs">Part of <paramref name="CoveredMs"/> covered by bridged intervals, ms.</param>
public sealed record FeedEnergy(string FeedId, FeedRole Role, long EnergyMillijoules, long CoveredMs, long BridgedMs)
{
    /// <summary>The highest sampled maximum power among the feed's intervals in the bucket, mW; null when none had one.</summary>
    public long? PeakMilliwatts { get; init; }

    /// <summary>Part of <see cref="CoveredMs"/> whose interval had no sampled maximum (bridged, or no samples), ms.</summary>
    public long PeaklessMs { get; init; }
}
