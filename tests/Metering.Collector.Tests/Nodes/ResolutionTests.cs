using Metering.Collector.Nodes;

namespace Metering.Collector.Tests.Nodes;

public sealed class ResolutionTests
{
    private static readonly long From = Fixture.T0;
    private static readonly long To = Fixture.T0 + 3_600_000;

    /// <summary>Channel 0: psu1 of gpu-a01 over [From, To), then psu1 of gpu-a02 from To + 1 h; nothing between.</summary>
    private static Inventory History() => Inventory.Create(
        [new Site("paris-dc1")],
        [Fixture.GpuNode(), Fixture.GpuNode("gpu-a02")],
        [
            new ChannelMapping(Fixture.Device, 0, "gpu-a01", "psu1", DateTimeOffset.FromUnixTimeMilliseconds(From), DateTimeOffset.FromUnixTimeMilliseconds(To)),
            new ChannelMapping(Fixture.Device, 0, "gpu-a02", "psu1", DateTimeOffset.FromUnixTimeMilliseconds(To + 3_600_000)),
            new ChannelMapping(Fixture.Device, 2, "gpu-a01", "gpu0-12v", DateTimeOffset.FromUnixTimeMilliseconds(From)),
        ]);

    [Theory]
    [InlineData(0, -1, null)]
    [InlineData(0, 0, "gpu-a01/psu1")]
    [InlineData(0, 3_599_999, "gpu-a01/psu1")]
    [InlineData(0, 3_600_000, null)]
    [InlineData(0, 7_199_999, null)]
    [InlineData(0, 7_200_000, "gpu-a02/psu1")]
    [InlineData(0, 999_999_999, "gpu-a02/psu1")]
    [InlineData(2, 10, "gpu-a01/gpu0-12v")]
    [InlineData(1, 10, null)]
    public void A_channel_resolves_to_the_mapping_holding_at_the_instant(int channel, long offsetMs, string? expected)
    {
        var feed = History().Resolve(Fixture.Device, channel, From + offsetMs);

        Assert.Equal(expected, feed is null ? null : feed.NodeId + "/" + feed.FeedId);
    }

    [Fact]
    public void Resolution_carries_the_site_and_the_role()
    {
        Assert.Equal(new ResolvedFeed("paris-dc1", "gpu-a01", "gpu0-12v", FeedRole.Submeter), History().Resolve(Fixture.Device, 2, From));
    }

    [Fact]
    public void An_unknown_device_is_unmapped()
    {
        Assert.Null(History().Resolve("nobody", 0, From));
        Assert.Empty(History().MappingsOf("nobody", 0));
    }
}
