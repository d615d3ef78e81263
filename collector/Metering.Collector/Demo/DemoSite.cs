using Metering.Collector.Nodes;
using Metering.Collector.Simulation;
using Metering.Protocol;

namespace Metering.Collector.Demo;

/// <summary>
/// One node of the demo site and how it is metered: 8 GPUs and 64 cores, a constant idle floor at the wall (also its
/// configured <c>idle_w</c>, as the benchmark scenarios' truth model assumes), a PSU efficiency that turns wall power
/// into DC for the rails, and the share of the wall power on the first PSU feed.
/// </summary>
/// <param name="Index">Position in the site, from 0.</param>
/// <param name="NodeId">Node id in the inventory (<c>demo-gpu-01</c>).</param>
/// <param name="DeviceId">The meter's device id (<c>demo-0001-a</c>).</param>
/// <param name="IdleWatts">Wall power with no job running, W.</param>
/// <param name="PsuEfficiency">DC out / AC in, 0.90..0.94.</param>
/// <param name="Feed1Share">Share of the wall power on PSU feed 1 (the rest on feed 2).</param>
/// <param name="GpuIdleDcWatts">DC draw of each idle GPU on its 12 V rail, W (part of the idle floor).</param>
public sealed record DemoNode(int Index, string NodeId, string DeviceId, int IdleWatts, double PsuEfficiency, double Feed1Share, double GpuIdleDcWatts)
{
    /// <summary>GPUs of every demo node.</summary>
    public const int Gpus = 8;

    /// <summary>CPU cores of every demo node.</summary>
    public const int Cores = 64;

    /// <summary>GPU 12 V rails metered per node by INA219s (GPUs 0 and 1); the two PSU feeds are metered by PZEM-004Ts.</summary>
    public const int MeteredRails = 2;
}

/// <summary>
/// The demo's simulated site (<c>demo</c>): four GPU nodes, each with one meter measuring its two PSU feeds
/// (PZEM-004T, wall) and the 12 V rails of GPUs 0 and 1 (INA219, submeters), and the inventory that maps them.
/// Seeded: the same seed gives the same site.
/// </summary>
public static class DemoSite
{
    /// <summary>The site id.</summary>
    public const string SiteId = "demo";

    /// <summary>Nodes in the site.</summary>
    public const int NodeCount = 4;

    /// <summary>Device id prefix of the meters: <c>demo-0001-a</c>, ...</summary>
    public const string DevicePrefix = "demo";

    /// <summary>The site's PUE zone.</summary>
    public const string PueZone = "demo-hall";

    /// <summary>The nodes, drawn from <paramref name="seed"/>.</summary>
    public static IReadOnlyList<DemoNode> Nodes(int seed)
    {
        var random = new Random(unchecked((seed * 7_368_787) + 11));
        double Between(double low, double high) => low + (random.NextDouble() * (high - low));
        var ids = new SimulationOptions { Devices = NodeCount, Prefix = DevicePrefix };
        return [.. Enumerable.Range(0, NodeCount).Select(i => new DemoNode(
            i,
            $"demo-gpu-{i + 1:D2}",
            ids.DeviceId(i),
            (int)Math.Round(Between(700, 950)),
            Between(0.90, 0.94),
            Between(0.47, 0.53),
            Between(25, 40)))];
    }

    /// <summary>
    /// The generated inventory: the site, each node (8 GPUs, 64 cores, <c>idle_w</c> its idle floor) with feeds
    /// <c>psu1</c>, <c>psu2</c> (wall) and <c>gpu0-12v</c>, <c>gpu1-12v</c> (submeters), each mapped from
    /// <paramref name="validFrom"/> to the channel of its meter that measures it.
    /// </summary>
    public static Inventory Inventory(IReadOnlyList<DemoNode> nodes, DateTimeOffset validFrom) => Metering.Collector.Nodes.Inventory.Create(
        [new Site(SiteId, "Metering demo site")],
        [.. nodes.Select(n => new Node(n.NodeId, SiteId, DemoNode.Gpus, DemoNode.Cores, PueZone, [.. FeedsOf()], n.IdleWatts,
            new Dictionary<string, string> { ["rack"] = "demo-r1" }))],
        [.. nodes.SelectMany(n => FeedsOf().Select((f, channel) => new ChannelMapping(n.DeviceId, channel, n.NodeId, f.Id, validFrom)))]);

    /// <summary>The config a technician would write for the node's meter: both feeds, then the two rails.</summary>
    public static ConfigMessage Config(DemoNode node, int windowSeconds)
    {
        var config = NodeLoads.Config(node.DeviceId, node.Index, DemoNode.MeteredRails, windowSeconds);
        var feeds = FeedsOf().ToArray();
        foreach (var channel in config.Channels)
        {
            channel.Label = $"{node.NodeId} {feeds[channel.ChannelId].Id}";
        }

        return config;
    }

    /// <summary>Feeds in channel order: channel k of a node's meter measures feed k.</summary>
    private static IEnumerable<Feed> FeedsOf() =>
    [
        new Feed("psu1", FeedRole.Wall),
        new Feed("psu2", FeedRole.Wall),
        .. Enumerable.Range(0, DemoNode.MeteredRails).Select(k => new Feed($"gpu{k}-12v", FeedRole.Submeter)),
    ];
}
