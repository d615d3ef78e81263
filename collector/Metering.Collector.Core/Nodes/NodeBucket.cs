using Metering.Collector.Intervals;

namespace Metering.Collector.Nodes;

/// <summary>A node bucket's key; orders by start, then node id (ordinal): the order buckets are emitted in.</summary>
internal readonly record struct BucketKey(long StartMs, string NodeId) : IComparable<BucketKey>
{
    public int CompareTo(BucketKey other) =>
        StartMs != other.StartMs ? StartMs.CompareTo(other.StartMs) : string.CompareOrdinal(NodeId, other.NodeId);
}

/// <summary>The running tally of one node bucket: per-feed energy, covered and bridged time.</summary>
internal sealed class NodeBucket(string siteId, string nodeId, long startMs)
{
    public string SiteId { get; } = siteId;

    public string NodeId { get; } = nodeId;

    public long StartMs { get; } = startMs;

    public SortedDictionary<string, FeedEnergy> Feeds { get; } = new(StringComparer.Ordinal);

    public bool Emitted { get; set; }

    public bool Dirty { get; set; }

    public int Revision { get; set; }

    public BucketKey Key => new(StartMs, NodeId);

    public void Add(string feedId, FeedRole role, BucketShare share, bool bridged, long? peakMilliwatts = null)
    {
        var f = Feeds.GetValueOrDefault(feedId) ?? new FeedEnergy(feedId, role, 0, 0, 0);
        Feeds[feedId] = f with
        {
            EnergyMillijoules = f.EnergyMillijoules + share.EnergyMillijoules,
            CoveredMs = f.CoveredMs + share.CoveredMs,
            BridgedMs = f.BridgedMs + (bridged ? share.CoveredMs : 0),
            PeakMilliwatts = peakMilliwatts is { } p ? Math.Max(f.PeakMilliwatts ?? 0, p) : f.PeakMilliwatts,
            PeaklessMs = f.PeaklessMs + (peakMilliwatts is null ? share.CoveredMs : 0),
        };
    }

    /// <summary>The wall feeds a bucket of this node expects: the node's declared ones, or the ones seen when the node is gone.</summary>
    public IReadOnlyList<string> ExpectedWallFeeds(Node? node) =>
        node is not null
            ? [.. node.WallFeeds.Select(f => f.Id)]
            : [.. Feeds.Values.Where(f => f.Role == FeedRole.Wall).Select(f => f.FeedId)];

    public NodeEnergy ToNodeEnergy(Node? node, long widthMs, bool complete)
    {
        var feeds = new SortedDictionary<string, FeedEnergy>(Feeds, StringComparer.Ordinal);
        foreach (var declared in node?.Feeds ?? [])
        {
            feeds.TryAdd(declared.Id, new FeedEnergy(declared.Id, declared.Role, 0, 0, 0));
        }

        var expected = ExpectedWallFeeds(node);
        var span = (double)widthMs * Math.Max(1, expected.Count);
        var covered = expected.Sum(id => Math.Min(widthMs, feeds[id].CoveredMs));
        var bridged = expected.Sum(id => Math.Min(widthMs, feeds[id].BridgedMs));
        var energy = feeds.Values.Where(f => f.Role == FeedRole.Wall).Sum(f => f.EnergyMillijoules);
        var power = (long)((((Int128)energy * 1000) + (widthMs / 2)) / widthMs);
        // The node's peak: the sum of its wall feeds' sampled maxima, known only when every expected wall feed reported and
        // every part of what it reported came with a maximum (an upper bound: the feeds' maxima need not coincide).
        long? peak = expected.Count > 0 && expected.All(id => feeds[id].CoveredMs > 0 && feeds[id].PeaklessMs == 0 && feeds[id].PeakMilliwatts is not null)
            ? expected.Sum(id => feeds[id].PeakMilliwatts!.Value)
            : null;
        return new NodeEnergy(SiteId, NodeId, StartMs, widthMs, energy, power, covered / span, bridged / span, complete, Revision, [.. feeds.Values]) { PeakMilliwatts = peak };
    }

    public BucketSnapshot ToSnapshot() => new(SiteId, NodeId, StartMs, Emitted, Dirty, Revision, [.. Feeds.Values]);

    public static NodeBucket FromSnapshot(BucketSnapshot s)
    {
        var b = new NodeBucket(s.SiteId, s.NodeId, s.StartMs) { Emitted = s.Emitted, Dirty = s.Dirty, Revision = s.Revision };
        foreach (var f in s.Feeds)
        {
            b.Feeds[f.FeedId] = f;
        }

        return b;
    }
}
