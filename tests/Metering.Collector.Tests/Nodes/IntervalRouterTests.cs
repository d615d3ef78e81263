using Metering.Collector.Nodes;
using static Metering.Collector.Tests.Nodes.Intervals;

namespace Metering.Collector.Tests.Nodes;

public sealed class IntervalRouterTests
{
    [Fact]
    public void An_interval_inside_one_mapping_is_routed_whole()
    {
        var interval = Iv(0, 0, 10_000, 700);

        var part = Assert.Single(IntervalRouter.Route(Fixture.Inventory(), interval));
        Assert.Same(interval, part.Part);
        Assert.Equal(new ResolvedFeed("paris-dc1", "gpu-a01", "psu1", FeedRole.Wall), part.Feed);
    }

    [Fact]
    public void An_interval_spanning_a_move_is_cut_pro_rata_at_the_move()
    {
        var moved = Fixture.Inventory().Map(Fixture.Device, 0, "gpu-a02", "psu1", Fixture.Commissioned.AddSeconds(7));

        var parts = IntervalRouter.Route(moved, Iv(0, 0, 10_000, 1_001));

        Assert.Equal(
            [("gpu-a01", 0L, 7_000L, 700L), ("gpu-a02", 7_000L, 10_000L, 301L)],
            parts.Select(p => (p.Feed!.NodeId, p.Part.StartMs - Fixture.T0, p.Part.EndMs - Fixture.T0, p.Part.EnergyMillijoules)));
        Assert.All(parts, p => Assert.Equal(10_000, p.Part.Sequence));
    }

    [Fact]
    public void Unmapped_stretches_become_parts_without_a_feed()
    {
        var inventory = Fixture.Inventory()
            .Unmap(Fixture.Device, 0, Fixture.Commissioned.AddSeconds(20))
            .Map(Fixture.Device, 0, "gpu-a01", "psu1", Fixture.Commissioned.AddSeconds(30));

        var parts = IntervalRouter.Route(inventory, Iv(0, 10_000, 40_000, 3_000));

        Assert.Equal([("psu1", 1_000L), (null, 1_000L), ("psu1", 1_000L)], parts.Select(p => (p.Feed?.FeedId, p.Part.EnergyMillijoules)));
    }

    [Fact]
    public void An_interval_before_any_mapping_is_one_unmapped_part()
    {
        Assert.Null(Assert.Single(IntervalRouter.Route(Fixture.Inventory(), Iv(0, -20_000, -10_000, 5))).Feed);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, "psu1")]
    public void A_zero_length_interval_is_resolved_at_the_millisecond_before_it(long atMs, string? feed)
    {
        Assert.Equal(feed, Assert.Single(IntervalRouter.Route(Fixture.Inventory(), Iv(0, atMs, atMs, 5))).Feed?.FeedId);
    }
}
