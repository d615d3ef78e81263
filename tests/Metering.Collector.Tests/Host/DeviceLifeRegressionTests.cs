namespace Metering.Collector.Tests.Host;

/// <summary>
/// Issue 10, items 7 and 8, as the collector before the fix got them wrong, through the real ingest path: the energy
/// between two epochs that the device says continue each other, and the data of a board swapped in under the same
/// device id. (These use only what the collector stored, so they ran, and failed, on 320442f: the bridge was a gap,
/// and the new board's windows were dropped as duplicates.)
/// </summary>
public sealed class DeviceLifeRegressionTests
{
    private static ChannelReading Rail(long epoch, long energyMj, long? prevEpoch = null, long? prevEnergyMj = null)
    {
        var r = ProcessorHarness.Pzem(2, epoch, energyMj, 300_000);
        r.Kind = SensorKind.Ina219;
        (r.PreviousEpoch, r.PreviousEnergyMillijoules) = (prevEpoch ?? ChannelReading.Absent, prevEnergyMj ?? ChannelReading.Absent);
        return r;
    }

    private static TelemetryMessage Board(long incarnation, TelemetryMessage m)
    {
        m.Incarnation = incarnation;
        return m;
    }

    [Fact]
    public async Task The_energy_across_a_reboot_into_an_epoch_that_continues_the_old_one_is_stored()
    {
        using var h = new ProcessorHarness();
        var t = ProcessorHarness.T0;

        await h.SendAsync(Board(7, ProcessorHarness.Telemetry(42, 10, t, Rail(2_752_513, 30_000_000))));
        await h.SendAsync(Board(7, ProcessorHarness.Telemetry(42, 11, t + 10_000, Rail(2_752_513, 33_000_000))));
        // Lost with the reboot: seq 12 (36 000 000 mJ). The new epoch took over from the saved 36 500 000 mJ.
        await h.SendAsync(Board(7, ProcessorHarness.Telemetry(43, 0, t + 40_000, Rail(2_818_049, 37_400_000, 2_752_513, 36_500_000))));
        await h.SendAsync(Board(7, ProcessorHarness.Telemetry(43, 1, t + 50_000, Rail(2_818_049, 40_400_000, 2_752_513, 36_500_000))));

        Assert.Equal(10_400_000, h.Sum("channel_interval", "energy_mj", channel: 2));
        Assert.Empty(h.Points("channel_gap"));
    }

    [Fact]
    public async Task A_board_swapped_in_under_the_same_device_id_has_its_data_stored_from_its_first_windows()
    {
        using var h = new ProcessorHarness();
        var t = ProcessorHarness.T0;
        await h.SendAsync(Board(2914017489126631, ProcessorHarness.Telemetry(40, 7, t, Rail(2_621_441, 5_000_000))));
        await h.SendAsync(Board(2914017489126631, ProcessorHarness.Telemetry(40, 8, t + 10_000, Rail(2_621_441, 8_000_000))));

        for (var seq = 0; seq < 4; seq++)
        {
            await h.SendAsync(Board(7394580216573004, ProcessorHarness.Telemetry(1, seq, t + 120_000 + (seq * 10_000), Rail(65_537, 1_000_000 + (seq * 3_000_000)))));
        }

        Assert.Equal(3_000_000 + 9_000_000, h.Sum("channel_interval", "energy_mj", channel: 2));
        Assert.Equal(0, h.Metrics.Duplicates.Value);
    }
}
