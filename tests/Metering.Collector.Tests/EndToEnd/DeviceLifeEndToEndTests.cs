using System.Globalization;
using Metering.Collector.Ingest;
using Metering.Collector.Intervals;
using Metering.Collector.Storage;
using Metering.Firmware.Core.Tests.Runtime;
using Metering.Testing;
using Xunit.Abstractions;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// Issue 10's end-to-end check, through the real firmware core (Firmware.Host: MeterRuntime, a register-level INA219
/// and a Modbus PZEM-004T on constant loads, the MQTTnet link), a real mosquitto and the real collector (CollectorHost
/// in this process, SQLite store): across a PZEM register reset, a clean reboot and a board replacement, the stored
/// channel energy equals what the meters measured of the loads' exact energy, life by life.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DeviceLifeEndToEndTests(ITestOutputHelper output)
{
    private const string Device = "e2e-lives-1";

    [Fact]
    public async Task Across_a_counter_reset_a_reboot_and_a_board_replacement_stored_energy_equals_the_meters_truth()
    {
        using var broker = MosquittoServer.Start();
        var data = Collectors.TempDirectory();
        await using var collector = await Collectors.StartAsync(Collectors.External(data, broker.Port));
        using var recorder = await MqttRecorder.StartAsync(broker.Port, "metering/v1/+/telemetry");
        using var meter = new FirmwareMeter(Device, broker.Port);
        await meter.ConfigureAsync();

        await meter.RunAsync(TimeSpan.FromSeconds(65));
        meter.ResetPzemRegister();      // the PZEM's register went back to 0 while the ESP32 was restarting
        await meter.RebootAsync();
        await meter.RunAsync(TimeSpan.FromSeconds(60));
        meter.ResetPzemRegister();      // and again while the firmware runs (it follows the register down)
        await meter.RunAsync(TimeSpan.FromSeconds(30));
        await meter.RebootAsync();      // a clean reboot
        await meter.RunAsync(TimeSpan.FromSeconds(60));
        var oldBoard = meter.Meter.Runtime.Incarnation;
        await meter.ReplaceBoardAsync();
        await meter.RunAsync(TimeSpan.FromSeconds(65));
        var telemetry = recorder.Messages.Select(m => TelemetryCodec.Decode(m.Payload, out _)!).DistinctBy(t => (t.Incarnation, t.Boot, t.Sequence)).ToList();
        await Collectors.WaitUntilAsync(() => Collectors.AcceptedTelemetry(collector) >= telemetry.Count && collector.Outbox.PendingBatches == 0,
            TimeSpan.FromSeconds(60), $"the collector to store all {telemetry.Count} windows");

        var lives = telemetry.GroupBy(t => t.Incarnation).Select(g => g.ToList()).ToList();
        var model = new BridgingLedger().Add(telemetry);
        Assert.Equal([oldBoard, meter.Meter.Runtime.Incarnation], lives.Select(l => l[0].Incarnation));
        Assert.Equal([1L, 2L, 3L], lives[0].Select(t => t.Boot).Distinct());
        Assert.Equal(1, lives[1][0].Boot);
        Assert.Equal((2, 0), (model.Lives, model.Gaps));

        foreach (var (channel, watts, slot) in new[] { (0, FirmwareMeter.PsuWatts, 0), (2, FirmwareMeter.RailWatts, 1) })
        {
            var stored = await StoredAsync(collector.Reader!, channel);
            // The truth the collector never sees: the load's energy over each life's span (its first reading is a
            // baseline), from the simulated clock the windows were closed on, less what the meter could not measure:
            // the INA219's first conversion after each reboot.
            var unmeteredMs = channel == 2 ? meter.RailUnmeteredMicroseconds / 1000.0 : 0;
            var truth = (long)Math.Round(watts * (lives.Sum(l => l[^1].WindowEndMs - l[0].WindowEndMs) - unmeteredMs));
            var epochs = lives.Select(l => l.Select(t => t.Channels[slot].Epoch).Distinct().Count()).ToList();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"channel {channel} ({watts} W): stored {stored} mJ, published counters (BridgingLedger) {model.EnergyMillijoules[channel]} mJ, truth {truth} mJ (unmetered {unmeteredMs} ms), difference {stored - truth} mJ, epochs per life {string.Join('/', epochs)}, windows {telemetry.Count}"));
            Assert.Equal(model.EnergyMillijoules[channel], stored);
            Assert.True(epochs[0] >= 2, $"channel {channel} changed epoch in the first life (at the counter reset, and for the INA219 at every reboot)");
            if (channel == 2)
            {
                Assert.Equal(truth, stored);
            }
            else
            {
                // The PZEM's energy register counts whole watt-hours; the firmware keeps its counter within that band.
                Assert.InRange(stored - truth, -2 * 3_600_000, 2 * 3_600_000);
            }
        }

        var gaps = await collector.Reader!.QueryAsync(IntervalPoints.ChannelGap, new Dictionary<string, string> { ["device"] = Device }, 0, long.MaxValue, CancellationToken.None);
        Assert.Equal(["new_life", "new_life"], gaps.Select(g => (string)g.Field("reason")!));
        var events = await collector.Reader!.QueryAsync(IngestPoints.DeviceEvent, new Dictionary<string, string> { ["device"] = Device, ["kind"] = DeviceLife.EventKind }, 0, long.MaxValue, CancellationToken.None);
        Assert.Equal(meter.Meter.Runtime.Incarnation, Convert.ToInt64(Assert.Single(events).Field("incarnation"), CultureInfo.InvariantCulture));
        Assert.Equal(1, collector.Metrics.DeviceLives.WithLabels("incarnation").Value);
    }

    [Fact]
    public async Task An_operators_reset_ledger_reaches_the_running_collector_and_splits_the_life_without_losing_a_metered_joule()
    {
        using var broker = MosquittoServer.Start();
        var data = Collectors.TempDirectory();
        await using var collector = await Collectors.StartAsync(Collectors.External(data, broker.Port));
        using var recorder = await MqttRecorder.StartAsync(broker.Port, "metering/v1/+/telemetry");
        using var meter = new FirmwareMeter(Device, broker.Port);
        await meter.ConfigureAsync();
        await meter.RunAsync(TimeSpan.FromSeconds(45));

        var command = Cli.MeteringCommand.Run(data, null, "device", "reset-ledger", Device, "--data", data);
        Assert.True(command.ExitCode == 0, command.ToString());
        Assert.Contains("The collector knows it: life 0", command.Output, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(2));   // the collector polls for requests once a second
        await meter.RunAsync(TimeSpan.FromSeconds(45));

        var telemetry = recorder.Messages.Select(m => TelemetryCodec.Decode(m.Payload, out _)!).DistinctBy(t => (t.Boot, t.Sequence)).OrderBy(t => t.Sequence).ToList();
        await Collectors.WaitUntilAsync(() => Collectors.AcceptedTelemetry(collector) >= telemetry.Count && collector.Outbox.PendingBatches == 0,
            TimeSpan.FromSeconds(60), $"the collector to store all {telemetry.Count} windows");
        var events = await collector.Reader!.QueryAsync(IngestPoints.DeviceEvent, new Dictionary<string, string> { ["device"] = Device, ["kind"] = DeviceLife.EventKind }, 0, long.MaxValue, CancellationToken.None);
        var started = Assert.Single(events);
        Assert.Contains("(operator)", (string)started.Field("detail")!, StringComparison.Ordinal);
        Assert.Equal(1, collector.Metrics.DeviceLives.WithLabels("operator").Value);

        // Two lives of one board: each life's first reading is a baseline, so the window that started the new life is unmetered.
        var splitAt = telemetry.FindIndex(t => t.WindowEndMs == Convert.ToInt64(started.Field("device_time_ms"), CultureInfo.InvariantCulture));
        var spanMs = (telemetry[splitAt - 1].WindowEndMs - telemetry[0].WindowEndMs) + (telemetry[^1].WindowEndMs - telemetry[splitAt].WindowEndMs);
        var stored = await StoredAsync(collector.Reader!, 2);
        output.WriteLine($"INA219: stored {stored} mJ over {telemetry.Count} windows, the life split at window {splitAt}; truth {FirmwareMeter.RailWatts * spanMs:F0} mJ");
        Assert.Equal((long)Math.Round(FirmwareMeter.RailWatts * spanMs), stored);
    }

    private static async Task<long> StoredAsync(IPointReader reader, int channel)
    {
        var points = await reader.QueryAsync(IntervalPoints.ChannelInterval,
            new Dictionary<string, string> { ["device"] = Device, ["channel"] = channel.ToString(CultureInfo.InvariantCulture) }, 0, long.MaxValue, CancellationToken.None);
        return points.Sum(p => Convert.ToInt64(p.Field("energy_mj"), CultureInfo.InvariantCulture));
    }
}
