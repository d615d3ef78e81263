using System.Text.Json;
using Metering.Collector.Nodes;
using Metering.Collector.Tests.Intervals;

namespace Metering.Collector.Tests.Nodes;

public sealed class UnmappedRegistryTests
{
    [Fact]
    public void Unmapped_readings_are_listed_with_first_and_last_seen_and_a_count()
    {
        var registry = new UnmappedRegistry();
        var inventory = Fixture.Inventory();

        Assert.Null(registry.Observe(inventory, Readings.R(1, 0, 7, 0, Fixture.T0 + 20_000, channel: 5)));
        Assert.Null(registry.Observe(inventory, Readings.R(1, 1, 7, 0, Fixture.T0 + 30_000, channel: 5)));
        Assert.Null(registry.Observe(inventory, Readings.R(1, 0, 7, 0, Fixture.T0 + 10_000, channel: 5)));
        Assert.NotNull(registry.Observe(inventory, Readings.R(1, 1, 7, 0, Fixture.T0 + 30_000, channel: 0)));

        Assert.Equal(new UnmappedChannel(Fixture.Device, 5, Fixture.T0 + 10_000, Fixture.T0 + 30_000, 3), Assert.Single(registry.Export()));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    public void A_reading_ending_when_its_mapping_starts_was_unmapped(long endOffsetMs, bool unmapped)
    {
        var registry = new UnmappedRegistry();

        registry.Observe(Fixture.Inventory(), Readings.R(1, 0, 7, 0, Fixture.T0 + endOffsetMs, channel: 0));

        Assert.Equal(unmapped ? 1 : 0, registry.Count);
    }

    [Fact]
    public void Record_says_when_a_channel_is_new_and_remove_forgets_it()
    {
        var registry = new UnmappedRegistry();

        Assert.True(registry.Record("dev-a", 1, 100));
        Assert.False(registry.Record("dev-a", 1, 200));
        Assert.True(registry.Remove("dev-a", 1));
        Assert.False(registry.Remove("dev-a", 1));
    }

    [Fact]
    public void The_list_is_ordered_and_survives_a_json_round_trip()
    {
        var registry = new UnmappedRegistry();
        registry.Record("dev-b", 0, 100);
        registry.Record("dev-a", 3, 100);
        registry.Record("dev-a", 1, 300);

        var restored = new UnmappedRegistry(JsonSerializer.Deserialize<List<UnmappedChannel>>(JsonSerializer.Serialize(registry.Export())));

        Assert.Equal(["dev-a/1", "dev-a/3", "dev-b/0"], restored.Export().Select(e => e.DeviceId + "/" + e.ChannelId));
        Assert.Equal(registry.Export(), restored.Export());
    }

    [Fact]
    public void Prune_drops_channels_mapped_since_their_last_unmapped_reading()
    {
        var registry = new UnmappedRegistry();
        registry.Record("spare-meter", 0, Fixture.T0 + 50_000);
        registry.Record("spare-meter", 1, Fixture.T0 + 50_000);
        var inventory = Fixture.Inventory().Map("spare-meter", 0, "gpu-a02", "psu1", Fixture.Commissioned.AddMinutes(5));

        Assert.Equal(1, registry.Prune(inventory));
        Assert.Equal("spare-meter/1", Assert.Single(registry.Export()) is var e ? e.DeviceId + "/" + e.ChannelId : null);
    }
}
