using Metering.Collector.Points;

namespace Metering.Collector.Nodes;

/// <summary>The points the node stage writes (collector README, "Schema"): node energy per bucket and its feeds.</summary>
public static class NodePoints
{
    /// <summary>A node's energy per aligned bucket: the sum of its wall feeds.</summary>
    public const string NodeEnergy = "node_energy";

    /// <summary>One feed's energy per bucket (wall feeds and submeters).</summary>
    public const string FeedEnergy = "feed_energy";

    /// <summary>The <c>node_energy</c> point of a bucket (at its start) and one <c>feed_energy</c> point per feed.</summary>
    public static IEnumerable<Point> Node(Nodes.NodeEnergy n)
    {
        var tags = new[] { new Tag("node", n.NodeId), new Tag("site", n.SiteId) };
        yield return new Point(NodeEnergy, tags,
        [
            new Field("energy_mj", n.EnergyMillijoules),
            new Field("p_mean_mw", n.PowerMeanMilliwatts),
            new Field("width_ms", n.WidthMs),
            new Field("coverage", n.Coverage),
            new Field("bridged_share", n.BridgedShare),
            new Field("complete", n.Complete),
            new Field("revision", (long)n.Revision),
        ], n.BucketStartMs);
        foreach (var f in n.Feeds)
        {
            yield return new Point(FeedEnergy, [new Tag("feed", f.FeedId), new Tag("node", n.NodeId), new Tag("role", f.Role.Token()), new Tag("site", n.SiteId)],
                [new Field("energy_mj", f.EnergyMillijoules), new Field("covered_ms", f.CoveredMs), new Field("bridged_ms", f.BridgedMs)], n.BucketStartMs);
        }
    }
}
