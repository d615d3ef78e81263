using Metering.Collector.Intervals;

namespace Metering.Collector.Nodes;

/// <summary>
/// Node energy per aligned bucket from channel intervals. Each interval is resolved against the inventory (cut where
/// its channel's mapping changes), cut into buckets, and tallied per (node, bucket, feed). A bucket is emitted as a
/// <see cref="NodeEnergy"/> once every expected wall feed of its node has reported past its end, or once its end is
/// older than the lateness horizon. Late shares for an emitted bucket re-emit it within the retention window.
/// Pure and deterministic: time is what the caller passes to <see cref="TakeReady"/>. Not thread-safe.
/// </summary>
public sealed partial class NodeEnergyAccumulator
{
    private readonly Dictionary<BucketKey, NodeBucket> _buckets = [];
    private readonly SortedSet<BucketKey> _pending = [];
    private readonly SortedSet<BucketKey> _dirty = [];
    private readonly SortedSet<BucketKey> _emitted = [];
    private readonly Dictionary<(string Node, string Feed), long> _reach = [];
    private readonly Dictionary<ChannelKey, (long Boot, long Sequence)> _marks = [];
    private readonly Dictionary<string, long> _evictedBefore = new(StringComparer.Ordinal);

    /// <summary>Starts empty with <paramref name="inventory"/> and <paramref name="options"/> (defaults: 10 s, 2 min, 1 h).</summary>
    public NodeEnergyAccumulator(Inventory inventory, NodeEnergyOptions? options = null)
    {
        Inventory = inventory ?? throw new ArgumentNullException(nameof(inventory));
        Options = (options ?? NodeEnergyOptions.Default).Validate();
    }

    /// <summary>The inventory intervals are resolved with and node feeds read from; replace it when the file changes.</summary>
    public Inventory Inventory { get; set; }

    /// <summary>Width, horizon and retention.</summary>
    public NodeEnergyOptions Options { get; }

    /// <summary>Counters since the start (or since the imported snapshot's).</summary>
    public NodeEnergyStats Stats { get; private set; } = NodeEnergyStats.Zero;

    /// <summary>Buckets held: not yet emitted, or emitted and within retention.</summary>
    public int BucketCount => _buckets.Count;

    /// <summary>
    /// Takes one channel interval. An interval whose (boot, seq) is not newer than the last taken from its channel is
    /// a replay: ignored and counted. Returns the interval's parts with their resolution, so the caller can see the
    /// unmapped ones (their energy is counted in <see cref="Stats"/>).
    /// </summary>
    public IReadOnlyList<RoutedInterval> Add(ChannelInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        if (_marks.TryGetValue(interval.Channel, out var mark)
            && ChannelIntervalRules.CompareOrder(interval.Boot, interval.Sequence, mark.Boot, mark.Sequence) <= 0)
        {
            Stats = Stats with { DuplicateIntervals = Stats.DuplicateIntervals + 1 };
            return [];
        }

        _marks[interval.Channel] = (interval.Boot, interval.Sequence);
        Stats = Stats with { Intervals = Stats.Intervals + 1 };
        var parts = IntervalRouter.Route(Inventory, interval);
        foreach (var (part, feed) in parts)
        {
            if (feed is null)
            {
                Stats = Stats with { UnmappedParts = Stats.UnmappedParts + 1, UnmappedMillijoules = Stats.UnmappedMillijoules + part.EnergyMillijoules };
                continue;
            }

            foreach (var share in BucketCutter.Cut(part.StartMs, part.EndMs, part.EnergyMillijoules, Options.WidthMs))
            {
                AddShare(feed, share, part.Bridged, part.PowerMaxMilliwatts);
            }

            var reachKey = (feed.NodeId, feed.FeedId);
            _reach[reachKey] = Math.Max(_reach.GetValueOrDefault(reachKey, long.MinValue), part.EndMs);
        }

        return parts;
    }

    /// <summary>
    /// The buckets ready at <paramref name="nowMs"/> (ms since the Unix epoch: the wall clock, or the newest event
    /// time for a replay): newly complete ones, ones past the lateness horizon, and re-emissions of emitted buckets
    /// that received late shares; ordered by bucket start, then node. Then drops emitted buckets past retention.
    /// </summary>
    public IReadOnlyList<NodeEnergy> TakeReady(long nowMs)
    {
        var ready = new List<NodeEnergy>();
        foreach (var key in _pending.ToList())
        {
            var bucket = _buckets[key];
            var node = Inventory.FindNode(bucket.NodeId);
            var complete = IsComplete(bucket, node);
            if (complete || bucket.StartMs + Options.WidthMs + Options.LatenessHorizonMs <= nowMs)
            {
                bucket.Emitted = true;
                _pending.Remove(key);
                _emitted.Add(key);
                ready.Add(bucket.ToNodeEnergy(node, Options.WidthMs, complete));
                Stats = Stats with { Emitted = Stats.Emitted + 1 };
            }
        }

        foreach (var key in _dirty)
        {
            var bucket = _buckets[key];
            var node = Inventory.FindNode(bucket.NodeId);
            bucket.Dirty = false;
            bucket.Revision++;
            ready.Add(bucket.ToNodeEnergy(node, Options.WidthMs, IsComplete(bucket, node)));
            Stats = Stats with { Reemitted = Stats.Reemitted + 1 };
        }

        _dirty.Clear();
        Evict(nowMs);
        ready.Sort((a, b) => new BucketKey(a.BucketStartMs, a.NodeId).CompareTo(new BucketKey(b.BucketStartMs, b.NodeId)));
        return ready;
    }

    private void AddShare(ResolvedFeed feed, BucketShare share, bool bridged, long? peakMilliwatts)
    {
        if (share.BucketStartMs < _evictedBefore.GetValueOrDefault(feed.NodeId, long.MinValue))
        {
            Stats = Stats with { TooLateShares = Stats.TooLateShares + 1, TooLateMillijoules = Stats.TooLateMillijoules + share.EnergyMillijoules };
            return;
        }

        var key = new BucketKey(share.BucketStartMs, feed.NodeId);
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            bucket = new NodeBucket(feed.SiteId, feed.NodeId, share.BucketStartMs);
            _buckets[key] = bucket;
            _pending.Add(key);
        }
        else if (bucket.Emitted)
        {
            bucket.Dirty = true;
            _dirty.Add(key);
            Stats = Stats with { LateShares = Stats.LateShares + 1 };
        }

        bucket.Add(feed.FeedId, feed.Role, share, bridged, peakMilliwatts);
        Count(feed, share.EnergyMillijoules);
    }

    private bool IsComplete(NodeBucket bucket, Node? node)
    {
        var end = bucket.StartMs + Options.WidthMs;
        return bucket.ExpectedWallFeeds(node).All(f => _reach.GetValueOrDefault((bucket.NodeId, f), long.MinValue) >= end);
    }

    private void Evict(long nowMs)
    {
        while (_emitted.Count > 0 && _emitted.Min is var key && key.StartMs + Options.WidthMs + Options.RetentionMs <= nowMs)
        {
            _emitted.Remove(key);
            _buckets.Remove(key);
            _evictedBefore[key.NodeId] = Math.Max(_evictedBefore.GetValueOrDefault(key.NodeId, long.MinValue), key.StartMs + Options.WidthMs);
        }
    }
}
