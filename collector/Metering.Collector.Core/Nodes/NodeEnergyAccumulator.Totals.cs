namespace Metering.Collector.Nodes;

/// <summary>
/// Running totals of the energy counted toward each node and feed since start, for monotonic counters (the host's
/// <c>metering_node_energy_joules_total</c> and <c>metering_feed_energy_joules_total</c>): every share that reached a
/// bucket, unmapped and too-late energy excluded (those are <see cref="NodeEnergyStats"/>). A restart starts them at
/// 0, as a counter may. Bounded by the feeds that ever reported.
/// </summary>
public sealed partial class NodeEnergyAccumulator
{
    private readonly Dictionary<(string Node, string Feed), EnergyTotal> _feedTotals = [];
    private readonly Dictionary<string, EnergyTotal> _nodeTotals = new(StringComparer.Ordinal);
    private readonly HashSet<(string Node, string Feed)> _changedFeeds = [];
    private readonly HashSet<string> _changedNodes = new(StringComparer.Ordinal);

    /// <summary>The totals that grew since the last call: feeds (any role), then nodes (their wall feeds).</summary>
    public (IReadOnlyList<EnergyTotal> Feeds, IReadOnlyList<EnergyTotal> Nodes) TakeChangedTotals()
    {
        var feeds = _changedFeeds.Select(k => _feedTotals[k]).ToList();
        var nodes = _changedNodes.Select(k => _nodeTotals[k]).ToList();
        _changedFeeds.Clear();
        _changedNodes.Clear();
        return (feeds, nodes);
    }

    private void Count(ResolvedFeed feed, long millijoules)
    {
        var key = (feed.NodeId, feed.FeedId);
        var total = _feedTotals.GetValueOrDefault(key) ?? new EnergyTotal(feed.SiteId, feed.NodeId, feed.FeedId, feed.Role, 0);
        _feedTotals[key] = total with { Role = feed.Role, Millijoules = total.Millijoules + millijoules };
        _changedFeeds.Add(key);
        if (feed.Role == FeedRole.Wall)
        {
            var node = _nodeTotals.GetValueOrDefault(feed.NodeId) ?? new EnergyTotal(feed.SiteId, feed.NodeId, null, FeedRole.Wall, 0);
            _nodeTotals[feed.NodeId] = node with { Millijoules = node.Millijoules + millijoules };
            _changedNodes.Add(feed.NodeId);
        }
    }
}

/// <summary>Energy counted toward a node (<paramref name="FeedId"/> null: its wall feeds) or one feed since start.</summary>
/// <param name="SiteId">The node's site.</param>
/// <param name="NodeId">The node.</param>
/// <param name="FeedId">The feed, or null for the node's total.</param>
/// <param name="Role">The feed's role (wall for a node's total).</param>
/// <param name="Millijoules">Energy since start, mJ.</param>
public sealed record EnergyTotal(string SiteId, string NodeId, string? FeedId, FeedRole Role, long Millijoules);
