using Metering.Collector.Ingest;

namespace Metering.Collector.Tests.Ingest;

public sealed class TimePlacementTests
{
    private const long Received = 1_764_403_210_000;

    [Theory]
    [InlineData(Received - 10_000, Received, true, Received - 10_000, Received, TimeSource.Device)]
    [InlineData(Received - 3_610_000, Received - 3_600_000, true, Received - 3_610_000, Received - 3_600_000, TimeSource.Device)]
    [InlineData(Received + 110_000, Received + 120_000, true, Received + 110_000, Received + 120_000, TimeSource.Device)]
    [InlineData(Received + 290_000, Received + 300_000, true, Received - 10_000, Received, TimeSource.Receive)]
    [InlineData(Received - (8L * 86_400_000) - 10_000, Received - (8L * 86_400_000), true, Received - 10_000, Received, TimeSource.Receive)]
    public void Synced_clocks_are_trusted_within_bounds_and_replaced_by_receive_time_outside(long start, long end, bool synced, long expectedStart, long expectedEnd, TimeSource source)
    {
        long? offset = null;

        var placed = new TimePlacement().Place(start, end, synced, Received, ref offset);

        Assert.Equal((expectedStart, expectedEnd, source), placed);
    }

    [Fact]
    public void Unsynced_clocks_are_shifted_by_the_smallest_offset_seen_in_the_boot()
    {
        var placement = new TimePlacement();
        long? offset = null;
        const long deviceOrigin = 946_684_800_000;

        // A window queued for 60 s arrives first, then a live one: the live one bounds the offset better.
        var late = placement.Place(deviceOrigin, deviceOrigin + 10_000, false, Received + 60_000, ref offset);
        var live = placement.Place(deviceOrigin + 70_000, deviceOrigin + 80_000, false, Received + 80_050, ref offset);
        var again = placement.Place(deviceOrigin, deviceOrigin + 10_000, false, Received + 90_000, ref offset);

        Assert.Equal(TimeSource.Estimated, late.Source);
        Assert.Equal(Received + 60_000, late.EndMs);
        Assert.Equal(Received + 80_050, live.EndMs);
        Assert.Equal(Received + 10_050, again.EndMs);
        Assert.Equal(10_000, again.EndMs - again.StartMs);
    }
}
