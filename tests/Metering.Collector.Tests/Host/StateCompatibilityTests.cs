using System.Text.Json;
using Metering.Collector.Intervals;

namespace Metering.Collector.Tests.Host;

/// <summary>
/// A collector.db written before device lives, lineage and plausibility (320442f) loads, and every missing field reads
/// as what the collector did then: life 0, no incarnation, nothing held, duplicates by (boot, seq).
/// </summary>
public sealed class StateCompatibilityTests
{
    private const string OldLedger = """{"boot":42,"sequence":100,"clockOffsetMs":null}""";

    private const string OldChannel = """
        {"deviceId":"rack12-node07-a","channelId":0,"boot":42,"sequence":100,"epoch":3,"counterMillijoules":5000000,"endMs":ENDMS,
         "counts":{"readings":101,"intervals":100,"bridged":0,"newEpochs":0,"counterBackwards":0,"duplicates":0,"late":0,"clockBackwards":0}}
        """;

    [Fact]
    public async Task Ledgers_and_channel_states_saved_by_the_previous_collector_resume_with_their_old_meaning()
    {
        using var h = new ProcessorHarness();
        var t = ProcessorHarness.T0;
        h.Store.Save([
            ("ledger", ProcessorHarness.Device, JsonDocument.Parse(OldLedger).RootElement),
            ("channel", ProcessorHarness.Device + "/0", JsonDocument.Parse(OldChannel.Replace("ENDMS", t.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)).RootElement),
        ]);
        h.Reload();

        var ledger = h.State.Ingestor.Ledgers[ProcessorHarness.Device];
        var channel = h.State.Intervals.State(new ChannelKey(ProcessorHarness.Device, 0))!;
        Assert.Equal((42L, 100L, -1L, 0L, false, (long?)null), (ledger.Boot, ledger.Sequence, ledger.Incarnation, ledger.Life, ledger.ResetRequested, ledger.LastSyncedEndMs));
        Assert.Empty(ledger.RetiredIncarnations);
        Assert.Equal(((long?)null, -1L, -1L), (ledger.BootStartMs, ledger.BootStartBoot, ledger.BootStartIncarnation));
        Assert.Equal((0L, 0L, (long?)null, (HeldReading?)null, 0L), (channel.Life, channel.DeviceEndMs, channel.PowerMaxMilliwatts, channel.Held, channel.Counts.Quarantined));

        await h.SendAsync(ProcessorHarness.Telemetry(42, 100, t, ProcessorHarness.Pzem(0, 3, 5_000_000, 50_000)));
        await h.SendAsync(ProcessorHarness.Telemetry(42, 101, t + 10_000, ProcessorHarness.Pzem(0, 3, 5_400_000, 50_000)));

        Assert.Equal(1, h.Metrics.Duplicates.Value);
        var interval = Assert.Single(h.Points("channel_interval"));
        Assert.Equal((400_000L, false), (interval.Field("energy_mj"), interval.Field("bridged")));
    }
}
