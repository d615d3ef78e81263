using Metering.Collector.Nodes;

namespace Metering.Collector.Tests.Nodes;

public sealed class InventoryEditTests
{
    private static readonly DateTimeOffset T = Fixture.Commissioned.AddDays(10);

    [Fact]
    public void Add_node_adds_and_then_replaces_by_id_without_touching_the_original()
    {
        var before = Fixture.Inventory();
        var added = before.WithNode(Fixture.GpuNode("gpu-a03"));
        var updated = added.WithNode(Fixture.GpuNode("gpu-a03") with { Gpus = 4, IdleWatts = null });

        Assert.Equal(2, before.Nodes.Count);
        Assert.Equal(["gpu-a01", "gpu-a02", "gpu-a03"], updated.Nodes.Select(n => n.Id));
        Assert.Equal((4, (int?)null), (updated.FindNode("gpu-a03")!.Gpus, updated.FindNode("gpu-a03")!.IdleWatts));
    }

    [Fact]
    public void A_node_update_must_keep_the_feeds_mappings_use()
    {
        var e = Assert.Throws<InventoryException>(() => Fixture.Inventory().WithNode(Fixture.GpuNode() with { Feeds = [new Feed("psu1", FeedRole.Wall)] }));

        Assert.Equal(["mappings[1]: node \"gpu-a01\" has no feed \"psu2\"", "mappings[2]: node \"gpu-a01\" has no feed \"gpu0-12v\""], e.Errors.Select(x => x.ToString()));
    }

    [Fact]
    public void A_node_on_an_unknown_site_is_refused_until_the_site_is_added()
    {
        var node = Fixture.GpuNode("lab-01") with { SiteId = "lab-b" };

        Assert.Contains("unknown site \"lab-b\"", Assert.Throws<InventoryException>(() => Fixture.Inventory().WithNode(node)).Message);
        Assert.NotNull(Fixture.Inventory().WithSite(new Site("lab-b")).WithNode(node).FindNode("lab-01"));
    }

    [Fact]
    public void Moving_a_channel_from_node_a_to_node_b_at_t_resolves_on_both_sides_of_t()
    {
        var moved = Fixture.Inventory().Map(Fixture.Device, 0, "gpu-a02", "psu1", T);
        var t = T.ToUnixTimeMilliseconds();

        Assert.Equal(new ResolvedFeed("paris-dc1", "gpu-a01", "psu1", FeedRole.Wall), moved.Resolve(Fixture.Device, 0, t - 1));
        Assert.Equal(new ResolvedFeed("paris-dc1", "gpu-a02", "psu1", FeedRole.Wall), moved.Resolve(Fixture.Device, 0, t));
        Assert.Equal(
            ["rack12-node07-a/0 -> gpu-a01/psu1 [2025-03-01T08:00:00Z, 2025-03-11T08:00:00Z)", "rack12-node07-a/0 -> gpu-a02/psu1 [2025-03-11T08:00:00Z, open)"],
            moved.MappingsOf(Fixture.Device, 0).Select(m => m.ToString()));
    }

    [Fact]
    public void Mapping_a_channel_to_the_feed_it_already_measures_changes_nothing()
    {
        var inventory = Fixture.Inventory();

        Assert.Same(inventory, inventory.Map(Fixture.Device, 0, "gpu-a01", "psu1", T));
    }

    [Fact]
    public void Mapping_a_new_channel_to_a_free_feed_opens_a_mapping()
    {
        var inventory = Fixture.Inventory().Map("rack12-node08-a", 4, "gpu-a02", "psu2", T);

        Assert.Equal(new ChannelMapping("rack12-node08-a", 4, "gpu-a02", "psu2", T), Assert.Single(inventory.MappingsOf("rack12-node08-a", 4)));
    }

    [Fact]
    public void Mapping_at_or_before_a_channels_latest_mapping_is_refused()
    {
        var e = Assert.Throws<InventoryException>(() => Fixture.Inventory().Map(Fixture.Device, 0, "gpu-a02", "psu1", Fixture.Commissioned));

        Assert.Equal("map rack12-node07-a/0 -> gpu-a02/psu1 from 2025-03-01T08:00:00Z", Assert.Single(e.Errors).Path);
        Assert.Contains("already has a mapping starting at or after that time", e.Message);
    }

    [Fact]
    public void Mapping_onto_a_feed_another_channel_measures_is_refused_unless_replacing()
    {
        var inventory = Fixture.Inventory();

        var e = Assert.Throws<InventoryException>(() => inventory.Map("spare-meter", 0, "gpu-a01", "psu1", T));
        Assert.Contains("the feed is measured by rack12-node07-a/0 -> gpu-a01/psu1", e.Message);

        var swapped = inventory.Map("spare-meter", 0, "gpu-a01", "psu1", T, replaceFeed: true);
        Assert.Equal(T, swapped.MappingsOf(Fixture.Device, 0).Single().ValidTo);
        Assert.Equal("spare-meter", swapped.MappingAt("spare-meter", 0, T.ToUnixTimeMilliseconds())!.DeviceId);
        Assert.Null(swapped.Resolve(Fixture.Device, 0, T.ToUnixTimeMilliseconds()));
    }

    [Fact]
    public void Unmap_ends_the_mapping_then_and_is_idempotent()
    {
        var unmapped = Fixture.Inventory().Unmap(Fixture.Device, 2, T);
        var t = T.ToUnixTimeMilliseconds();

        Assert.NotNull(unmapped.Resolve(Fixture.Device, 2, t - 1));
        Assert.Null(unmapped.Resolve(Fixture.Device, 2, t));
        Assert.Same(unmapped, unmapped.Unmap(Fixture.Device, 2, T));
        Assert.Equal(2, unmapped.MappingsAt(t).Count);
    }

    [Theory]
    [InlineData("rack12-node07-a", 9, 10)]
    [InlineData("rack12-node07-a", 0, -1)]
    public void Unmapping_a_channel_with_no_mapping_then_is_refused(string device, int channel, int days)
    {
        var e = Assert.Throws<InventoryException>(() => Fixture.Inventory().Unmap(device, channel, Fixture.Commissioned.AddDays(days)));

        Assert.Contains("the channel has no mapping then", e.Message);
    }

    [Fact]
    public void Times_are_kept_in_utc_milliseconds()
    {
        var local = new DateTimeOffset(2025, 3, 11, 10, 0, 0, 123, TimeSpan.FromHours(2)).AddTicks(4567);
        var inventory = Fixture.Inventory().Map(Fixture.Device, 0, "gpu-a02", "psu1", local);

        var m = inventory.MappingsOf(Fixture.Device, 0)[1];
        Assert.Equal(TimeSpan.Zero, m.ValidFrom.Offset);
        Assert.Equal("2025-03-11T08:00:00.123Z", InventoryTime.Format(m.ValidFrom));
    }
}
