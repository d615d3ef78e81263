using Metering.Collector.Intervals;

namespace Metering.Collector.Nodes;

/// <summary>
/// Sites, nodes with their feeds, and the history of channel mappings: which node feed each meter channel measured
/// when. Immutable and always valid: <see cref="Create"/> and every edit validate the whole inventory and throw
/// <see cref="InventoryException"/> naming each offending entry. Lists are kept in canonical order (ids ordinal;
/// mappings by device, channel, valid_from), which is also the file's order.
/// </summary>
public sealed partial class Inventory
{
    private readonly Dictionary<string, Site> _sites;
    private readonly Dictionary<string, Node> _nodes;
    private readonly Dictionary<ChannelKey, ChannelMapping[]> _byChannel;

    private Inventory(IReadOnlyList<Site> sites, IReadOnlyList<Node> nodes, IReadOnlyList<ChannelMapping> mappings)
    {
        Sites = [.. sites.OrderBy(s => s.Id, StringComparer.Ordinal)];
        Nodes = [.. nodes.OrderBy(n => n.Id, StringComparer.Ordinal)];
        Mappings = [.. mappings.OrderBy(m => m.Channel).ThenBy(m => m.ValidFromMs)];
        _sites = Sites.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _nodes = Nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        _byChannel = Mappings.GroupBy(m => m.Channel).ToDictionary(g => g.Key, g => g.ToArray());
    }

    /// <summary>No sites, nodes or mappings.</summary>
    public static Inventory Empty { get; } = new([], [], []);

    /// <summary>Sites, ordered by id.</summary>
    public IReadOnlyList<Site> Sites { get; }

    /// <summary>Nodes, ordered by id.</summary>
    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>Every mapping, past and current, ordered by device, channel and valid_from.</summary>
    public IReadOnlyList<ChannelMapping> Mappings { get; }

    /// <summary>Validates and builds an inventory; times are normalised to UTC milliseconds.</summary>
    /// <exception cref="InventoryException">Something is wrong; <see cref="InventoryException.Errors"/> lists it all.</exception>
    public static Inventory Create(IReadOnlyList<Site> sites, IReadOnlyList<Node> nodes, IReadOnlyList<ChannelMapping> mappings)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(mappings);
        var normalised = mappings
            .Select(m => m with { ValidFrom = InventoryTime.Normalize(m.ValidFrom), ValidTo = m.ValidTo is { } to ? InventoryTime.Normalize(to) : null })
            .ToList();
        var errors = InventoryValidator.Validate(sites, nodes, normalised);
        return errors.Count > 0 ? throw new InventoryException(errors) : new Inventory(sites, nodes, normalised);
    }

    /// <summary>The site with id <paramref name="id"/>, or null.</summary>
    public Site? FindSite(string id) => _sites.GetValueOrDefault(id);

    /// <summary>The node with id <paramref name="id"/>, or null.</summary>
    public Node? FindNode(string id) => _nodes.GetValueOrDefault(id);

    /// <summary>The mapping history of one channel, oldest first (empty when never mapped).</summary>
    public IReadOnlyList<ChannelMapping> MappingsOf(string deviceId, int channelId) =>
        _byChannel.GetValueOrDefault(new ChannelKey(deviceId, channelId)) ?? [];

    /// <summary>The mappings that hold at <paramref name="timeMs"/> (ms since the Unix epoch): what <c>metering inventory list</c> shows as current.</summary>
    public IReadOnlyList<ChannelMapping> MappingsAt(long timeMs) => [.. Mappings.Where(m => m.HoldsAt(timeMs))];

    /// <summary>The mapping of a channel that holds at <paramref name="timeMs"/>, or null.</summary>
    public ChannelMapping? MappingAt(string deviceId, int channelId, long timeMs)
    {
        var history = MappingsOf(deviceId, channelId);
        var lo = 0;
        var hi = history.Count - 1;
        while (lo <= hi)
        {
            // The last mapping that starts at or before the instant is the only candidate: they do not overlap.
            var mid = (lo + hi) >>> 1;
            if (history[mid].ValidFromMs <= timeMs)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return hi >= 0 && history[hi].HoldsAt(timeMs) ? history[hi] : null;
    }

    /// <summary>What a channel measures at <paramref name="timeMs"/>: its node, the node's site, the feed and its role; null when unmapped.</summary>
    public ResolvedFeed? Resolve(string deviceId, int channelId, long timeMs) =>
        MappingAt(deviceId, channelId, timeMs) is { } m ? Resolve(m) : null;

    /// <summary>The node, site and role a mapping points to.</summary>
    public ResolvedFeed Resolve(ChannelMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        var node = _nodes[mapping.NodeId];
        return new ResolvedFeed(node.SiteId, node.Id, mapping.FeedId, node.FindFeed(mapping.FeedId)!.Role);
    }
}
