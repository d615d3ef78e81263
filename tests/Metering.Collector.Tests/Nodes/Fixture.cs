using Metering.Collector.Nodes;

namespace Metering.Collector.Tests.Nodes;

/// <summary>A site with one GPU node: two wall feeds (psu1, psu2) and a GPU rail submeter, each on a channel of one meter.</summary>
internal static class Fixture
{
    public const string Device = "rack12-node07-a";
    public static readonly DateTimeOffset Commissioned = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
    public static readonly long T0 = Commissioned.ToUnixTimeMilliseconds();

    public static Node GpuNode(string id = "gpu-a01") => new(
        id,
        "paris-dc1",
        gpus: 8,
        cpuCores: 64,
        pueZone: "room-a",
        feeds: [new Feed("psu1", FeedRole.Wall), new Feed("psu2", FeedRole.Wall), new Feed("gpu0-12v", FeedRole.Submeter)],
        idleWatts: 420,
        labels: new Dictionary<string, string> { ["rack"] = "r12" });

    public static Inventory Inventory() => Metering.Collector.Nodes.Inventory.Create(
        [new Site("paris-dc1", "Paris DC1")],
        [GpuNode(), GpuNode("gpu-a02")],
        [
            new ChannelMapping(Device, 0, "gpu-a01", "psu1", Commissioned),
            new ChannelMapping(Device, 1, "gpu-a01", "psu2", Commissioned),
            new ChannelMapping(Device, 2, "gpu-a01", "gpu0-12v", Commissioned),
        ]);

    /// <summary>The repository file at <paramref name="relative"/>: the READMEs hold examples the tests assert.</summary>
    public static string RepoFile(string relative)
    {
        var root = typeof(Fixture).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        return File.ReadAllText(Path.Combine(root, relative));
    }
}
