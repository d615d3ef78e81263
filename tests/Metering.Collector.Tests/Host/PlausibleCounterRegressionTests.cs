namespace Metering.Collector.Tests.Host;

/// <summary>
/// Issue 12, items 2 and 3, as the issue saw them, through the collector's real ingest path: a counter that glitches
/// backwards for one reading, and an absurd counter jump, must add no energy to the channel or the node. (These use
/// only what the collector stored, so they ran, and failed, on the code before the fix: 6,000,003 mJ and
/// 9,007,199,253,740,991 mJ stored.)
/// </summary>
public sealed class PlausibleCounterRegressionTests
{
    [Fact]
    public async Task A_counter_that_glitches_backwards_for_one_reading_stores_what_the_meter_counted_not_six_times_it()
    {
        using var h = new ProcessorHarness();
        var t = ProcessorHarness.T0;

        await h.SendAsync(ProcessorHarness.Telemetry(42, 100, t, ProcessorHarness.Pzem(0, 3, 1_017_234_579, 50_000)));
        await h.SendAsync(ProcessorHarness.Telemetry(42, 101, t + 10_000, ProcessorHarness.Pzem(0, 3, 1_012_234_579, 50_000)));
        await h.SendAsync(ProcessorHarness.Telemetry(42, 102, t + 20_000, ProcessorHarness.Pzem(0, 3, 1_018_234_582, 50_000)));
        await h.FlushNodeBucketsAsync();

        Assert.Equal(1_000_003, h.Sum("channel_interval", "energy_mj", channel: 0));
        Assert.Equal(1_000_003, h.Sum("feed_energy", "energy_mj"));
        Assert.Equal(1_000_003, h.Sum("node_energy", "energy_mj"));
    }

    [Fact]
    public async Task An_absurd_counter_jump_in_a_message_reporting_one_watt_is_not_stored_and_reaches_no_node()
    {
        using var h = new ProcessorHarness();
        var t = ProcessorHarness.T0;

        await h.SendAsync(ProcessorHarness.Telemetry(42, 100, t, ProcessorHarness.Pzem(0, 3, 1_000_000, 1_000)));
        await h.SendAsync(ProcessorHarness.Telemetry(42, 101, t + 10_000, ProcessorHarness.Pzem(0, 3, 9_007_199_254_740_991, 1_000)));
        await h.FlushNodeBucketsAsync();

        Assert.Equal(0, h.Sum("channel_interval", "energy_mj", channel: 0));
        Assert.Equal(0, h.Sum("node_energy", "energy_mj"));
        var gap = Assert.Single(h.Points("channel_gap", channel: 0));
        Assert.Equal("above_rated_power", gap.Field("reason"));
    }
}
