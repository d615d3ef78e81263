using Metering.Collector.Nodes;
using Metering.Protocol;
using Metering.Simulation.Fleet;
using Metering.Simulation.Physics;

namespace Metering.Collector.Demo;

/// <summary>One node of the demo site: its place in the site, its meter's device id, and its hardware (8 GPUs, 64 cores).</summary>
/// <param name="Index">Position in the site, from 0.</param>
/// <param name="NodeId">Node id in the inventory (<c>demo-gpu-01</c>).</param>
/// <param name="DeviceId">The meter's device id (<c>demo-0001-a</c>).</param>
/// <param name="Spec">Its hardware: what each part draws idle, its fans and power supplies.</param>
public sealed record DemoNode(int Index, string NodeId, string DeviceId, NodeSpec Spec)
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

    /// <summary>
    /// The nodes, drawn from <paramref name="seed"/>: per GPU 50-70 W idle board power, per socket 40-60 W, DRAM 20-35 W,
    /// board 100-160 W, fans of 250-350 W at full speed turning at 35-45 % when idle, two 3 kW 80 PLUS Titanium
    /// supplies sharing the load 47-53 % / the rest.
    /// </summary>
    public static IReadOnlyList<DemoNode> Nodes(int seed)
    {
        var random = new Random(unchecked((seed * 7_368_787) + 11));
        double Between(double low, double high) => low + (random.NextDouble() * (high - low));
        var ids = new SimulationOptions { Devices = NodeCount, Prefix = DevicePrefix };
        return [.. Enumerable.Range(0, NodeCount).Select(i =>
        {
            var share = Between(0.47, 0.53);
            return new DemoNode(i, $"demo-gpu-{i + 1:D2}", ids.DeviceId(i), new NodeSpec
            {
                NodeId = $"demo-gpu-{i + 1:D2}", Gpus = DemoNode.Gpus, GpuIdleWatts = Between(50, 70), Sockets = 2, CoresPerSocket = DemoNode.Cores / 2,
                SocketIdleWatts = Between(40, 60), DramIdleWatts = Between(20, 35), BoardWatts = Between(100, 160),
                Fans = new FanCurve(Between(250, 350), Between(0.35, 0.45), 5500), PsuRatedWatts = 3000, PsuCurve = EfficiencyCurve.Titanium,
                FeedShares = [share, 1 - share],
            });
        })];
    }

    /// <summary>
    /// The generated inventory: the site, each node (8 GPUs, 64 cores, no <c>idle_w</c>: the collector learns each
    /// node's idle floor from its meters while the site idles before the schedule, so nothing of the world's floor is
    /// handed over) with feeds <c>psu1</c>, <c>psu2</c> (wall) and <c>gpu0-12v</c>, <c>gpu1-12v</c> (submeters), each
    /// mapped from <paramref name="validFrom"/> to the channel of its meter that measures it.
    /// </summary>
    public static Inventory Inventory(IReadOnlyList<DemoNode> nodes, DateTimeOffset validFrom) => Metering.Collector.Nodes.Inventory.Create(
        [new Site(SiteId, "Metering demo site")],
        [.. nodes.Select(n => new Node(n.NodeId, SiteId, DemoNode.Gpus, DemoNode.Cores, PueZone, [.. FeedsOf()], idleWatts: null,
            new Dictionary<string, string> { ["rack"] = "demo-r1" }))],
        [.. nodes.SelectMany(n => FeedsOf().Select((f, channel) => new ChannelMapping(n.DeviceId, channel, n.NodeId, f.Id, validFrom)))]);

    /// <summary>The config a technician would write for the node's meter: both feeds, then the two rails, labelled <c>demo-gpu-01 psu1</c>.</summary>
    public static ConfigMessage Config(DemoNode node, int windowSeconds)
    {
        var feeds = FeedsOf().ToArray();
        return NodeMeter.Config(node.Spec, node.DeviceId, DemoNode.MeteredRails, windowSeconds, channel => $"{node.NodeId} {feeds[channel].Id}");
    }

    /// <summary>Feeds in channel order: channel k of a node's meter measures feed k.</summary>
    private static IEnumerable<Feed> FeedsOf() =>
    [
        new Feed("psu1", FeedRole.Wall),
        new Feed("psu2", FeedRole.Wall),
        .. Enumerable.Range(0, DemoNode.MeteredRails).Select(k => new Feed($"gpu{k}-12v", FeedRole.Submeter)),
    ];
}
