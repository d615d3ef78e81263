using Metering.Firmware.Core.Persistence;
using Metering.Firmware.Host.Loads;

namespace Metering.Firmware.Core.Tests.Runtime;

/// <summary>
/// When the firmware must start a new epoch but its counter carries on (a reboot of an INA219 channel, a long INA219
/// silence, a PZEM register that went back while the ESP32 was down), the new epoch's readings carry its lineage
/// (prev_epoch, prev_energy_mj) until the broker acknowledged one, so a collector can bridge the epochs instead of
/// losing what the device counted between them (BridgingLedger).
/// </summary>
public sealed class EpochBridgeTests
{
    private const string Config = """
        {"v":1,"device":"rack1-node1-a","rev":1,"window_s":10,"channels":[
          {"id":0,"kind":"pzem004t","addr":1},
          {"id":2,"kind":"ina219","addr":64,"shunt_uohm":1000,"max_ma":50000,"rate_hz":20}]}
        """;

    private static MeterHarness Configured()
    {
        var h = new MeterHarness((0, new ConstantLoad(1200), true), (2, new ConstantLoad(300), false));
        h.Configure(Config);
        return h;
    }

    private static List<TelemetryMessage> Telemetry(IEnumerable<Fakes.FakeMqttLink> links) => [.. links.SelectMany(l => l.Telemetry())];

    private static double Seconds(List<TelemetryMessage> t) => (t[^1].WindowEndMs - t[0].WindowEndMs) / 1000.0;

    [Fact]
    public void Across_a_clean_reboot_an_ina219_channel_is_bridged_and_its_energy_is_conserved_exactly()
    {
        var h = Configured();
        h.Run(TimeSpan.FromSeconds(95));
        var before = h.Link.Telemetry().Last().Channels[1];

        h.Meter.BeforeReboot();
        h.Boot();
        h.Run(TimeSpan.FromSeconds(95));

        var t = Telemetry(h.AllLinks);
        var after = h.Link.Telemetry().Select(m => m.Channels[1]).ToList();
        Assert.NotEqual(before.Epoch, after[0].Epoch);
        Assert.Equal(before.Epoch, after[0].PreviousEpoch);
        Assert.True(after[0].PreviousEnergyMillijoules >= before.EnergyMillijoules, "the saved counter includes what was counted after the last window");
        Assert.All(after.Skip(1), c => Assert.Equal(ChannelReading.Absent, c.PreviousEpoch));
        var ledger = new BridgingLedger().Add(t);
        Assert.Equal(0, ledger.Gaps);
        Assert.InRange(ledger.EnergyMillijoules[2] - (300_000 * Seconds(t)), -5, 5);
        Assert.InRange(ledger.EnergyMillijoules[0] - (1_200_000 * Seconds(t)), -2 * 3_600_000, 2 * 3_600_000);
    }

    [Fact]
    public void After_a_power_cut_the_bridge_adds_only_what_the_device_counted_never_more_than_the_truth()
    {
        var h = Configured();
        h.Run(TimeSpan.FromMinutes(11));

        h.Boot();
        h.Run(TimeSpan.FromSeconds(60));

        var t = Telemetry(h.AllLinks);
        var ledger = new BridgingLedger().Add(t);
        var truth = 300_000 * Seconds(t);
        Assert.Equal(0, ledger.Gaps);
        Assert.True(ledger.BridgedMillijoules[2] > 0);
        Assert.InRange(truth - ledger.EnergyMillijoules[2], 0, 300_000 * 10.0);
    }

    [Fact]
    public void A_reboot_before_the_new_epoch_was_acknowledged_bridges_from_the_epoch_the_collector_knows()
    {
        var h = Configured();
        h.Run(TimeSpan.FromSeconds(35));
        h.Meter.BeforeReboot();
        h.Boot();
        h.Link.AutoAck = false;
        h.Run(TimeSpan.FromSeconds(25));
        var lost = h.Link;

        h.Meter.BeforeReboot();
        h.Boot();
        h.Run(TimeSpan.FromSeconds(35));

        var seen = Telemetry(h.AllLinks.Where(l => l != lost));
        var ledger = new BridgingLedger().Add(seen);
        Assert.Equal(0, ledger.Gaps);
        Assert.InRange(ledger.EnergyMillijoules[2] - (300_000 * Seconds(seen)), -5, 5);
        Assert.True(StateCodec.Decode(h.Storage.Read(MeterRuntime.StateBlob))!.Channels.Single(c => c.ChannelId == 2).LineageAcknowledged);
    }

    [Fact]
    public void A_long_ina219_silence_starts_an_epoch_that_continues_the_old_one()
    {
        var h = Configured();
        h.Run(TimeSpan.FromSeconds(25));
        h.Sensors[2].FailWith = "nack";
        h.Run(TimeSpan.FromSeconds(3));
        h.Sensors[2].FailWith = null;
        h.Run(TimeSpan.FromSeconds(25));

        var t = h.Link.Telemetry().ToList();
        var ledger = new BridgingLedger().Add(t);
        var epochs = t.Select(m => m.Channels[1].Epoch).Distinct().ToList();
        Assert.Equal(2, epochs.Count);
        Assert.Equal(epochs[0], t.First(m => m.Channels[1].Epoch == epochs[1]).Channels[1].PreviousEpoch);
        Assert.Equal(0, ledger.Gaps);
        Assert.Contains(h.Link.Events(), e => e.Kind == EventKinds.EpochStarted && e.Channel == 2);

        // What the device counted is bridged; the silence itself (3 s at 300 W) was not metered.
        Assert.InRange((300_000 * Seconds(t)) - ledger.EnergyMillijoules[2], 300_000 * 2.5, 300_000 * 3.5);
    }

    [Fact]
    public void A_pzem_register_that_went_back_while_the_esp32_was_down_starts_an_epoch_that_continues_the_old_one()
    {
        var h = Configured();
        h.Run(TimeSpan.FromSeconds(65));
        var before = h.Link.Telemetry().Last().Channels[0];
        h.Meter.BeforeReboot();

        h.Boot();
        h.Sensors[0].ResetRegister();
        h.Run(TimeSpan.FromSeconds(35));

        var first = h.Link.Telemetry().First().Channels[0];
        Assert.NotEqual(before.Epoch, first.Epoch);
        Assert.Equal(before.Epoch, first.PreviousEpoch);
        Assert.Equal(0, new BridgingLedger().Add(Telemetry(h.AllLinks)).Gaps);
        Assert.Contains(h.Link.Events(), e => e.Kind == EventKinds.CounterReset && e.Channel == 0);
    }

    [Fact]
    public void A_new_channel_and_a_lost_state_start_epochs_that_continue_nothing()
    {
        var h = Configured();
        h.Run(TimeSpan.FromSeconds(15));
        Assert.All(h.Link.Telemetry().SelectMany(m => m.Channels), c => Assert.Equal(ChannelReading.Absent, c.PreviousEpoch));

        h.Storage.Erase();
        h.Boot();
        h.Configure(Config);
        h.Run(TimeSpan.FromSeconds(15));

        Assert.All(h.Link.Telemetry().SelectMany(m => m.Channels), c => Assert.Equal(ChannelReading.Absent, c.PreviousEpoch));
    }
}
