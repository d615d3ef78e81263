using Metering.Firmware.Core.Persistence;
using Metering.Firmware.Host.Loads;

namespace Metering.Firmware.Core.Tests.Runtime;

public sealed class MeterRuntimeTests
{
    private const string Config = """
        {"v":1,"device":"rack1-node1-a","rev":1,"window_s":10,"channels":[
          {"id":0,"kind":"pzem004t","addr":1,"label":"psu1"},
          {"id":2,"kind":"ina219","addr":64,"shunt_uohm":1000,"max_ma":50000,"rate_hz":20}]}
        """;

    private static MeterHarness Configured(double pzemWatts = 1200, double inaWatts = 300)
    {
        var h = new MeterHarness((0, new ConstantLoad(pzemWatts), true), (2, new ConstantLoad(inaWatts), false));
        h.Configure(Config);
        return h;
    }

    [Fact]
    public void Each_start_counts_a_boot_and_saves_it_at_once()
    {
        var h = new MeterHarness();
        Assert.Equal(1, h.Meter.Boot);
        Assert.Equal(1, StateCodec.Decode(h.Storage.Read(MeterRuntime.StateBlob))!.Boot);

        h.Boot();

        Assert.Equal(2, h.Meter.Boot);
    }

    [Fact]
    public void Connects_with_a_retained_offline_will_subscribes_to_config_and_publishes_a_retained_birth()
    {
        var h = new MeterHarness();
        h.Run(TimeSpan.FromSeconds(1));

        var (client, user, willTopic, will) = h.Link.Connects.Single();
        Assert.Equal((MeterHarness.Device, MeterHarness.Device, "metering/v1/rack1-node1-a/status"), (client, user, willTopic));
        Assert.Equal(DeviceState.Offline, StatusCodec.Decode(will, out _)!.State);
        Assert.Contains("metering/v1/rack1-node1-a/config", h.Link.Subscriptions);
        var birth = h.Link.Messages.First(m => m.Topic.EndsWith("/status", StringComparison.Ordinal));
        Assert.True(birth.Retain);
        Assert.Equal(DeviceState.Online, StatusCodec.Decode(birth.Payload, out _)!.State);
        Assert.Contains(h.Link.Events(), e => e.Kind == EventKinds.Boot);
    }

    [Fact]
    public void A_valid_config_is_applied_persisted_and_announced_then_telemetry_flows_every_window()
    {
        var h = Configured();

        h.Run(TimeSpan.FromSeconds(35));

        Assert.Contains(h.Link.Events(), e => e.Kind == EventKinds.ConfigApplied && e.Rev == 1);
        Assert.NotNull(h.Storage.Read(MeterRuntime.ConfigBlob));
        var t = h.Link.Telemetry().ToList();
        Assert.InRange(t.Count, 3, 4);
        Assert.Equal(Enumerable.Range(0, t.Count).Select(i => (long)i), t.Select(m => m.Sequence));
        Assert.All(t, m => Assert.Equal([0, 2], m.Channels.Select(c => c.ChannelId)));
        var ina = t[^1].Channels[1];
        Assert.Equal(300_000, ina.PowerMeanMilliwatts);
        Assert.InRange(ina.SampleCount, 199, 201);
    }

    [Theory]
    [InlineData("""{"v":1,"device":"rack1-node1-a","rev":2,"channels":[{"id":0,"kind":"ina219","addr":64}]}""", "missing_field")]
    [InlineData("""{"v":1,"device":"other-device","rev":2,"channels":[{"id":0,"kind":"pzem004t","addr":1}]}""", "device_mismatch")]
    [InlineData("""{"v":1,"device":"rack1-node1-a","rev":2,"channels":[{"id":5,"kind":"pzem004t","addr":9}]}""", "invalid_value")]
    [InlineData("""not json""", "malformed_json")]
    public void An_invalid_config_is_rejected_with_its_reason_and_the_running_config_stays(string json, string reason)
    {
        var h = Configured();

        h.Configure(json);
        h.Run(TimeSpan.FromSeconds(1));

        var rejected = h.Link.Events().Single(e => e.Kind == EventKinds.ConfigRejected);
        Assert.StartsWith(reason, rejected.Detail);
        Assert.Equal(1, h.Meter.Config!.Rev);
    }

    [Fact]
    public void The_retained_config_arriving_again_at_reconnect_is_not_applied_twice()
    {
        var h = Configured();
        h.Configure(Config);
        h.Run(TimeSpan.FromSeconds(1));

        Assert.Single(h.Link.Events(), e => e.Kind == EventKinds.ConfigApplied);
    }

    [Fact]
    public void During_a_broker_outage_windows_queue_and_arrive_in_order_afterwards_with_no_energy_lost()
    {
        var h = Configured(pzemWatts: 1000, inaWatts: 250);
        h.Run(TimeSpan.FromSeconds(20));
        h.Link.Drop();
        h.Run(TimeSpan.FromSeconds(60));
        h.Link.BrokerUp = true;
        h.Run(TimeSpan.FromSeconds(80));

        var t = h.Link.Telemetry().ToList();
        Assert.Equal(Enumerable.Range(0, t.Count).Select(i => (long)i), t.Select(m => m.Sequence).Distinct());
        var ina = t.Select(m => m.Channels[1]).ToList();
        var metered = (ina[^1].EnergyMillijoules - ina[0].EnergyMillijoules) / 1000.0;
        var seconds = (t[^1].WindowEndMs - t[0].WindowEndMs) / 1000.0;
        Assert.Equal(250 * seconds, metered, 0);
        Assert.True(h.Meter.Session.Reconnects >= 1);
    }

    [Fact]
    public void Overflow_drops_the_oldest_windows_counts_them_and_the_counters_still_carry_all_the_energy()
    {
        var h = Configured(pzemWatts: 2000, inaWatts: 400);
        h.Run(TimeSpan.FromSeconds(15));
        h.Link.Drop();
        h.Run(TimeSpan.FromMinutes(10));
        h.Link.BrokerUp = true;
        h.Run(TimeSpan.FromSeconds(60));

        var capacity = h.Meter.Queue.Capacity;
        Assert.True(h.Meter.Queue.Dropped > 0, $"a {capacity}-slot queue must overflow in 10 minutes");
        var t = h.Link.Telemetry().OrderBy(m => m.Sequence).ToList();
        Assert.True(t.Zip(t.Skip(1)).Any(p => p.Second.Sequence - p.First.Sequence > 1), "a gap in sequence numbers");
        var ina = t.Select(m => m.Channels[1].EnergyMillijoules).ToList();
        var seconds = (t[^1].WindowEndMs - t[0].WindowEndMs) / 1000.0;
        Assert.Equal(400 * seconds, (ina[^1] - ina[0]) / 1000.0, 0);
        Assert.Contains(h.Link.Events(), e => e.Kind == EventKinds.QueueOverflow);
        var status = StatusCodec.Decode(h.Link.Messages.Last(m => m.Topic.EndsWith("/status", StringComparison.Ordinal)).Payload, out _)!;
        Assert.Equal(h.Meter.Queue.Dropped, status.QueueDropped);
    }

    [Fact]
    public void After_a_reboot_a_pzem_channel_keeps_its_epoch_and_recovers_the_downtime_energy_while_an_ina219_starts_a_new_epoch()
    {
        var h = Configured(pzemWatts: 1800, inaWatts: 200);
        h.Run(TimeSpan.FromMinutes(11));
        var before = h.Link.Telemetry().Last();

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        h.Boot();
        h.Run(TimeSpan.FromSeconds(30));
        var after = h.Link.Telemetry().Last();

        Assert.Equal(before.Channels[0].Epoch, after.Channels[0].Epoch);
        Assert.True(after.Channels[0].EnergyMillijoules >= before.Channels[0].EnergyMillijoules);
        var truthJ = 1800.0 * (after.WindowEndMs - before.WindowEndMs) / 1000.0;
        var meteredJ = (after.Channels[0].EnergyMillijoules - before.Channels[0].EnergyMillijoules) / 1000.0;
        Assert.InRange(meteredJ - truthJ, -2 * 3600, 2 * 3600);
        Assert.NotEqual(before.Channels[1].Epoch, after.Channels[1].Epoch);
        Assert.Equal(2, after.Boot);
    }

    [Fact]
    public void The_watchdog_reboots_a_stalled_meter_after_saving_and_the_next_boot_says_why()
    {
        var h = Configured();
        h.Run(TimeSpan.FromSeconds(5));

        h.Clock.Advance(TimeSpan.FromSeconds(31));
        Assert.True(h.Meter.Watchdog.Check());

        Assert.Equal(1, h.Platform.Reboots);
        Assert.Equal(ResetReasons.Watchdog, StateCodec.Decode(h.Storage.Read(MeterRuntime.StateBlob))!.ResetReason);
        h.Boot();
        h.Run(TimeSpan.FromSeconds(1));
        Assert.Contains(h.Link.Events(), e => e.Kind == EventKinds.WatchdogReboot);
    }

    [Fact]
    public void A_fed_watchdog_does_not_fire()
    {
        var h = Configured();

        for (var i = 0; i < 100; i++)
        {
            h.Run(TimeSpan.FromSeconds(1));
            Assert.False(h.Meter.Watchdog.Check());
        }
    }

    [Fact]
    public void A_sensor_fault_and_its_recovery_are_events_and_show_in_status()
    {
        var h = Configured();
        h.Run(TimeSpan.FromSeconds(2));
        h.Sensors[2].FailWith = "nack";
        h.Run(TimeSpan.FromSeconds(61));
        var status = StatusCodec.Decode(h.Link.Messages.Last(m => m.Topic.EndsWith("/status", StringComparison.Ordinal)).Payload, out _)!;
        h.Sensors[2].FailWith = null;
        h.Run(TimeSpan.FromSeconds(2));

        Assert.Equal("nack", status.Channels!.Single(c => c.ChannelId == 2).Fault);
        Assert.Contains(h.Link.Events(), e => e.Kind == EventKinds.SensorFault && e.Channel == 2 && e.Detail == "nack");
        Assert.Contains(h.Link.Events(), e => e.Kind == EventKinds.SensorRecovered && e.Channel == 2);
    }

    [Fact]
    public void Sampling_allocates_nothing_over_ten_thousand_samples()
    {
        var h = Configured();
        h.Run(TimeSpan.FromSeconds(1));
        h.Meter.SampleDue();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            h.Clock.Advance(50_000);
            h.Meter.SampleDue();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.True(h.Sensors[2].Reads >= 10_000);
    }

    [Fact]
    public void Flash_write_failures_are_counted_not_fatal()
    {
        var h = Configured();
        h.Storage.FailWrites = true;

        h.Run(TimeSpan.FromMinutes(11));

        Assert.True(h.Meter.SaveFailures >= 1);
        Assert.NotEmpty(h.Link.Telemetry());
    }
}

public sealed class MqttSessionBusyTests
{
    [Fact]
    public void A_busy_client_delays_telemetry_without_dropping_the_connection()
    {
        var h = new MeterHarness((0, new ConstantLoad(1000), true), (2, new ConstantLoad(100), false));
        h.Configure("""{"v":1,"device":"rack1-node1-a","rev":1,"window_s":1,"channels":[{"id":0,"kind":"pzem004t","addr":1}]}""");
        h.Link.AutoAck = false;
        h.Link.BusyAt = 2;

        h.Run(TimeSpan.FromSeconds(6));
        var sentWhileBusy = h.Link.Telemetry().Count();
        h.Link.AckAll();
        h.Link.AutoAck = true;
        h.Run(TimeSpan.FromSeconds(2));

        Assert.True(sentWhileBusy <= 2, $"{sentWhileBusy} telemetry messages went out while the client was busy");
        Assert.Equal(0, h.Meter.Session.Reconnects);
        Assert.True(h.Link.Telemetry().Count() >= 7);
        Assert.Equal(Enumerable.Range(0, h.Link.Telemetry().Count()).Select(i => (long)i), h.Link.Telemetry().Select(t => t.Sequence));
    }
}
