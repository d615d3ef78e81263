namespace Metering.Collector.Nodes;

/// <summary>Edits for <c>metering inventory</c>: each returns a new, validated inventory and leaves this one unchanged.</summary>
public sealed partial class Inventory
{
    /// <summary>Adds a site, or replaces the one with the same id.</summary>
    public Inventory WithSite(Site site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return Create([.. Sites.Where(s => s.Id != site.Id), site], Nodes, Mappings);
    }

    /// <summary>
    /// Adds a node, or replaces the one with the same id (<c>metering inventory add-node</c>). Replacing may change
    /// anything but must keep every feed that mappings point to.
    /// </summary>
    public Inventory WithNode(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Create(Sites, [.. Nodes.Where(n => n.Id != node.Id), node], Mappings);
    }

    /// <summary>
    /// From <paramref name="validFrom"/> on, channel (<paramref name="deviceId"/>, <paramref name="channelId"/>)
    /// measures <paramref name="nodeId"/>/<paramref name="feedId"/> (<c>metering inventory map</c>). The channel's
    /// current mapping is closed at <paramref name="validFrom"/>. When another channel measures that feed then, the
    /// edit is refused unless <paramref name="replaceFeed"/> (a meter replaced): its mapping is closed too. Mapping a
    /// channel to the feed it already measures changes nothing.
    /// </summary>
    public Inventory Map(string deviceId, int channelId, string nodeId, string feedId, DateTimeOffset validFrom, bool replaceFeed = false)
    {
        var from = InventoryTime.Normalize(validFrom);
        var fromMs = from.ToUnixTimeMilliseconds();
        var path = $"map {deviceId}/{channelId} -> {nodeId}/{feedId} from {InventoryTime.Format(from)}";
        var current = MappingAt(deviceId, channelId, fromMs);
        if (current is { ValidTo: null } && current.NodeId == nodeId && current.FeedId == feedId)
        {
            return this;
        }

        var later = MappingsOf(deviceId, channelId).FirstOrDefault(m => m.ValidFromMs >= fromMs);
        if (later is not null)
        {
            throw new InventoryException(path, $"the channel already has a mapping starting at or after that time: {later}; choose a later time");
        }

        var feedHolder = Mappings.FirstOrDefault(m => m.NodeId == nodeId && m.FeedId == feedId && m.ValidToMs > fromMs && m != current);
        if (feedHolder is not null && (!replaceFeed || feedHolder.ValidFromMs >= fromMs))
        {
            throw new InventoryException(path, $"the feed is measured by {feedHolder}; unmap that channel first, or replace it (a meter swap)");
        }

        var mappings = Mappings
            .Select(m => m == current || m == feedHolder ? m with { ValidTo = from } : m)
            .Append(new ChannelMapping(deviceId, channelId, nodeId, feedId, from))
            .ToList();
        return Create(Sites, Nodes, mappings);
    }

    /// <summary>
    /// From <paramref name="validTo"/> on, the channel measures nothing (<c>metering inventory unmap</c>): the
    /// mapping that holds then gets that end. Refused when no mapping holds, or when it would end where it starts.
    /// </summary>
    public Inventory Unmap(string deviceId, int channelId, DateTimeOffset validTo)
    {
        var to = InventoryTime.Normalize(validTo);
        var toMs = to.ToUnixTimeMilliseconds();
        var path = $"unmap {deviceId}/{channelId} at {InventoryTime.Format(to)}";
        var current = MappingAt(deviceId, channelId, toMs - 1);
        if (current is null)
        {
            throw new InventoryException(path, "the channel has no mapping then");
        }

        if (current.ValidTo is { } end && end <= to)
        {
            return this;
        }

        return Create(Sites, Nodes, [.. Mappings.Select(m => m == current ? m with { ValidTo = to } : m)]);
    }
}
