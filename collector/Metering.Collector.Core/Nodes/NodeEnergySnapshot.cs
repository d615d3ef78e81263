namespace Metering.Collector.Nodes;

/// <summary>
/// Everything a <see cref="NodeEnergyAccumulator"/> holds, as plain records System.Text.Json round-trips: persist it
/// with the interval states and the outbox so open buckets survive a restart (see README.md "Restarts").
/// </summary>
/// <param name="WidthMs">The bucket width the snapshot was taken with; importing with another width is refused.</param>
/// <param name="Buckets">Open and retained buckets, by start then node.</param>
/// <param name="Reaches">How far each node feed has reported.</param>
/// <param name="Channels">The last interval identity taken per channel (duplicate detection).</param>
/// <param name="Evicted">Per node, the start before which buckets have been dropped.</param>
/// <param name="Stats">The counters.</param>
public sealed record NodeEnergySnapshot(
    long WidthMs,
    IReadOnlyList<BucketSnapshot> Buckets,
    IReadOnlyList<FeedReach> Reaches,
    IReadOnlyList<ChannelMark> Channels,
    IReadOnlyList<NodeEviction> Evicted,
    NodeEnergyStats Stats);

/// <summary>One bucket of a node, emitted or not.</summary>
/// <param name="SiteId">The node's site.</param>
/// <param name="NodeId">The node.</param>
/// <param name="StartMs">Bucket start, ms since the Unix epoch.</param>
/// <param name="Emitted">Whether it has been emitted.</param>
/// <param name="Dirty">Whether late shares wait for a re-emission.</param>
/// <param name="Revision">Revision of the last emission.</param>
/// <param name="Feeds">Per-feed tallies.</param>
public sealed record BucketSnapshot(string SiteId, string NodeId, long StartMs, bool Emitted, bool Dirty, int Revision, IReadOnlyList<FeedEnergy> Feeds);

/// <summary>The end of the latest interval a node feed has received, ms since the Unix epoch.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="FeedId">The feed.</param>
/// <param name="EndMs">End of its latest interval.</param>
public sealed record FeedReach(string NodeId, string FeedId, long EndMs);

/// <summary>The identity of the last interval taken from a channel.</summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="ChannelId">Channel id.</param>
/// <param name="Boot">Boot of the interval's closing reading.</param>
/// <param name="Sequence">Sequence of the interval's closing reading.</param>
public sealed record ChannelMark(string DeviceId, int ChannelId, long Boot, long Sequence);

/// <summary>Buckets of <paramref name="NodeId"/> starting before <paramref name="BeforeMs"/> have been dropped after retention.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="BeforeMs">Ms since the Unix epoch.</param>
public sealed record NodeEviction(string NodeId, long BeforeMs);
