using System.Text.Json;
using Metering.Collector.Host;

namespace Metering.Collector.Tests.Host;

/// <summary>
/// Nothing happens without a word: through the real processor, quarantined energy is counted in mJ by reason, kept in
/// the dead letters with what was refused and stored as a gap with its energy; a new device life writes a new_life
/// device_event, a new_life gap per channel, and is counted by reason.
/// </summary>
public sealed class LedgerReportingTests
{
    private static double Quarantined(ProcessorHarness h, string reason) => h.Metrics.EnergyQuarantined.WithLabels(reason).Value;

    [Fact]
    public async Task A_glitch_is_dead_lettered_and_its_five_million_millijoules_counted_as_counter_backwards()
    {
        using var h = new ProcessorHarness();
        var t = ProcessorHarness.T0;

        await h.SendAsync(ProcessorHarness.Telemetry(42, 100, t, ProcessorHarness.Pzem(0, 3, 1_017_234_579, 50_000)));
        await h.SendAsync(ProcessorHarness.Telemetry(42, 101, t + 10_000, ProcessorHarness.Pzem(0, 3, 1_012_234_579, 50_000)));
        Assert.Equal(0, h.DeadLetters.Count);
        await h.SendAsync(ProcessorHarness.Telemetry(42, 102, t + 20_000, ProcessorHarness.Pzem(0, 3, 1_018_234_582, 50_000)));

        Assert.Equal(5_000_000, Quarantined(h, "counter_backwards"));
        var letter = Assert.Single(h.DeadLetters.Recent(10));
        Assert.Equal(("counter_backwards", "metering/v1/rack12-node07-a/telemetry"), (letter.Reason, letter.Topic));
        using var record = JsonDocument.Parse(letter.Payload);
        Assert.Equal((101L, 1_012_234_579L, 5_000_000L), (record.RootElement.GetProperty("seq").GetInt64(), record.RootElement.GetProperty("energy_mj").GetInt64(), record.RootElement.GetProperty("quarantined_mj").GetInt64()));
        Assert.Equal("quarantine", Assert.Single(h.Points("channel_interval")).Field("bridge_reason"));
    }

    [Fact]
    public async Task An_absurd_jump_is_a_gap_with_its_refused_energy_a_dead_letter_and_a_metric_in_millijoules()
    {
        using var h = new ProcessorHarness();
        var t = ProcessorHarness.T0;

        await h.SendAsync(ProcessorHarness.Telemetry(42, 100, t, ProcessorHarness.Pzem(0, 3, 1_000_000, 1_000)));
        await h.SendAsync(ProcessorHarness.Telemetry(42, 101, t + 10_000, ProcessorHarness.Pzem(0, 3, 9_007_199_254_740_991, 1_000)));

        Assert.Equal(9_007_199_253_740_991, Quarantined(h, "above_rated_power"));
        var gap = Assert.Single(h.Points("channel_gap"));
        Assert.Equal(9_007_199_253_740_991L, gap.Field("quarantined_mj"));
        Assert.Contains("is beyond the", Assert.Single(h.DeadLetters.Recent(10), l => l.Reason == "above_rated_power").Detail, StringComparison.Ordinal);
        Assert.Contains("metering_energy_quarantined_millijoules_total{reason=\"above_rated_power\"} 9007199253740991", await h.Metrics.ExportAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_incarnation_writes_a_new_life_event_and_gap_and_is_counted_then_its_counters_are_followed()
    {
        using var h = new ProcessorHarness();
        var t = ProcessorHarness.T0;
        var old = ProcessorHarness.Telemetry(40, 7, t, ProcessorHarness.Pzem(0, 3, 5_000_000, 50_000));
        old.Incarnation = 2914017489126631;
        var swapped = ProcessorHarness.Telemetry(1, 0, t + 60_000, ProcessorHarness.Pzem(0, 65_537, 400_000, 50_000));
        var next = ProcessorHarness.Telemetry(1, 1, t + 70_000, ProcessorHarness.Pzem(0, 65_537, 900_000, 50_000));
        swapped.Incarnation = next.Incarnation = 7394580216573004;

        await h.SendAsync(old);
        await h.SendAsync(swapped);
        await h.SendAsync(next);

        var e = Assert.Single(h.Points("device_event"));
        Assert.Equal(("new_life", 1L, 7394580216573004L, t + 60_000), (e.Tags.Single(x => x.Key == "kind").Value, e.Field("life"), e.Field("incarnation"), e.TimestampMs));
        Assert.Equal("new_life", Assert.Single(h.Points("channel_gap")).Field("reason"));
        Assert.Equal(500_000, h.Sum("channel_interval", "energy_mj"));
        Assert.Equal(1, h.Metrics.DeviceLives.WithLabels("incarnation").Value);
        Assert.Equal(1, h.State.Devices.All().Single().Life);
    }

    [Fact]
    public async Task An_operators_reset_recorded_while_the_collector_runs_starts_a_new_life_at_the_next_message_once()
    {
        using var h = new ProcessorHarness();
        var t = ProcessorHarness.T0;
        static TelemetryMessage Board(TelemetryMessage m)
        {
            m.Incarnation = 7394580216573004;
            return m;
        }

        await h.SendAsync(Board(ProcessorHarness.Telemetry(40, 7, t, ProcessorHarness.Pzem(0, 3, 5_000_000, 50_000))));
        await h.SendAsync(Board(ProcessorHarness.Telemetry(12, 0, t + 60_000, ProcessorHarness.Pzem(0, 786_433, 100_000, 50_000))));
        Assert.Equal(1, h.Metrics.Duplicates.Value);   // the same board back with an older saved state: its boot is behind

        var receipt = LedgerResetRequests.Record(h.Store, ProcessorHarness.Device, t + 61_000);
        h.Time.NowMs += 2_000;
        await h.SendAsync(Board(ProcessorHarness.Telemetry(12, 1, t + 70_000, ProcessorHarness.Pzem(0, 786_433, 600_000, 50_000))));
        await h.SendAsync(Board(ProcessorHarness.Telemetry(12, 2, t + 80_000, ProcessorHarness.Pzem(0, 786_433, 1_100_000, 50_000))));
        h.Time.NowMs += 2_000;
        await h.SendAsync(Board(ProcessorHarness.Telemetry(12, 3, t + 90_000, ProcessorHarness.Pzem(0, 786_433, 1_600_000, 50_000))));

        Assert.Equal((true, 0L, 40L, 7L), (receipt.Known, receipt.Life, receipt.Boot, receipt.Sequence));
        Assert.Equal(1, h.Metrics.DeviceLives.WithLabels("operator").Value);
        Assert.Empty(LedgerResetRequests.Pending(h.Store));
        Assert.Equal(1_000_000, h.Sum("channel_interval", "energy_mj"));
        h.Reload();
        Assert.Equal(1, h.State.Ingestor.Ledgers[ProcessorHarness.Device].Life);
        Assert.False(h.State.Ingestor.Ledgers[ProcessorHarness.Device].ResetRequested);
    }

    [Fact]
    public void A_reset_for_an_id_the_contract_refuses_is_refused()
    {
        using var h = new ProcessorHarness();

        var e = Assert.Throws<ArgumentException>(() => LedgerResetRequests.Record(h.Store, "Rack12", 0));

        Assert.Contains("is not a device id", e.Message, StringComparison.Ordinal);
        Assert.Empty(LedgerResetRequests.Pending(h.Store));
    }
}
