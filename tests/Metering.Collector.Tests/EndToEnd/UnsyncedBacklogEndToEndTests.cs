using System.Globalization;
using Metering.Collector.Files;
using Metering.Collector.Host;
using Metering.Collector.Ingest;
using Metering.Collector.Nodes;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Testing;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// Issue 12 item 7 end to end, through the real firmware core (Firmware.Host: MeterRuntime, a register-level INA219 on a
/// rail whose power changes every 20 s, the MQTTnet link), a real mosquitto and the real collector (CollectorHost in
/// this process, SQLite store): a meter boots with no network, meters three minutes on an unsynced clock, then the
/// network returns. The collector's clock is the simulated world's, so the meter's truth and the stored buckets share
/// one timeline: the backlog's energy must land in the node buckets where the rail consumed it, not at the reconnect.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class UnsyncedBacklogEndToEndTests(ITestOutputHelper output)
{
    private const string Device = "e2e-offline-1";
    private const string Node = "gpu-box";
    private const long W = 10_000;
    private const double LowWatts = 120, HighWatts = 300;

    [Fact]
    public async Task A_backlog_metered_before_the_clock_synced_lands_in_the_buckets_where_it_was_consumed()
    {
        using var broker = MosquittoServer.Start();
        var data = Collectors.TempDirectory();
        WriteInventory(data);
        // 120 W and 300 W in turns of 20 s from the boot: the changes fall on the meter's window ends, so every window's
        // power is flat and a bucket's truth is exact whatever its overlap with the windows.
        var rail = new SquareWaveLoad(LowWatts, HighWatts, 40_000_000, 0.5);
        using var meter = new FirmwareMeter(Device, broker.Port, new Dictionary<int, ILoadProfile> { [0] = new ConstantLoad(FirmwareMeter.PsuWatts), [2] = rail }, synced: false);
        // The meter booted at bootUtcMs (not on a bucket boundary) on the world's timeline; its monotonic clock counts from there.
        var bootUtcMs = (DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds() / W * W) + 3_300;
        var world = new WorldTime(meter.Clock, bootUtcMs);
        await using var collector = CollectorHost.Create(Collectors.External(data, broker.Port), LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning)), world);
        await collector.StartAsync();
        await collector.Client!.WaitConnectedAsync(TimeSpan.FromSeconds(30));
        using var recorder = await MqttRecorder.StartAsync(broker.Port, "metering/v1/+/telemetry");

        meter.NetworkDown = true;
        meter.ConfigureOffline();
        meter.RunOffline(TimeSpan.FromMinutes(3));
        meter.Clock.Sync(world.UtcMs);          // the network is back and SNTP answers
        await meter.ReconnectAsync();
        await meter.RunAsync(TimeSpan.FromSeconds(40));
        meter.Clock.Advance(TimeSpan.FromMinutes(1));   // time passes, so every bucket is past the collector's lateness

        var telemetry = recorder.Messages.Select(m => TelemetryCodec.Decode(m.Payload, out _)!).DistinctBy(t => t.Sequence).OrderBy(t => t.Sequence).ToList();
        var backlog = telemetry.Where(t => !t.ClockSynced).ToList();
        var lastEnd = telemetry[^1].WindowEndMs;
        await Collectors.WaitUntilAsync(() => Buckets(collector).Any(p => p.TimestampMs >= (lastEnd / W * W) - W) && collector.Outbox.PendingBatches == 0,
            TimeSpan.FromSeconds(60), "the last node bucket to be stored");

        // No bucket, the reconnect's included, holds more than 10 s of the rail's highest power (stretched by less than a
        // second where the placed backlog meets the first synced window).
        var largest = Buckets(collector).Max(p => Convert.ToInt64(p.Field("energy_mj"), CultureInfo.InvariantCulture));
        Assert.True(largest <= (HighWatts * (W + 1_000)) + ToleranceMillijoules, $"the largest bucket holds {largest} mJ");

        // Each backlog window has its own reading, placed at the boot's start the birth gave plus the window's uptime.
        var readings = RailReadings(collector).ToDictionary(p => Convert.ToInt64(p.Field("seq"), CultureInfo.InvariantCulture));
        Assert.Equal(17, backlog.Count);
        Assert.All(backlog, t => Assert.True(readings.ContainsKey(t.Sequence), $"window {t.Sequence} has a stored reading of its own"));
        Assert.All(backlog, t => Assert.Equal("estimated", readings[t.Sequence].Field("time_source")));
        var late = Assert.Single(backlog.Select(t => readings[t.Sequence].TimestampMs - (bootUtcMs + t.UptimeMs)).Distinct());
        Assert.InRange(late, 0, 999);   // the birth's uptime_s is truncated to the second; its travel took no simulated time

        // Every node bucket inside the backlog holds what the rail consumed over it (its truth, through the placement).
        var from = readings[backlog[0].Sequence].TimestampMs;       // the first reading is the channel's baseline
        var to = readings[backlog[^1].Sequence].TimestampMs;
        var buckets = Buckets(collector).Where(p => p.TimestampMs >= from && p.TimestampMs + W <= to).ToList();
        Assert.Equal((int)((to / W) - ((from + W - 1) / W)), buckets.Count);
        foreach (var b in buckets)
        {
            var truthMj = rail.EnergyJoules((b.TimestampMs - bootUtcMs - late) * 1000, (b.TimestampMs + W - bootUtcMs - late) * 1000) * 1000;
            var storedMj = Convert.ToInt64(b.Field("energy_mj"), CultureInfo.InvariantCulture);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bucket +{(b.TimestampMs - bootUtcMs) / 1000.0,6:F1} s: stored {storedMj,9} mJ, truth {truthMj,11:F0} mJ, difference {storedMj - truthMj,8:F0} mJ"));
            Assert.InRange(storedMj - truthMj, -ToleranceMillijoules, ToleranceMillijoules);
        }

        output.WriteLine($"{backlog.Count} backlog windows placed {late} ms after they were measured; {buckets.Count} buckets within {ToleranceMillijoules} mJ of the truth; largest bucket {largest} mJ");
    }

    /// <summary>
    /// Per bucket: the firmware integrates 20 samples a second, so a power change inside a sample interval moves at
    /// most (300 - 120) W x 50 ms = 9 J between the windows on either side of it; twice that, with margin.
    /// </summary>
    private const long ToleranceMillijoules = 20_000;

    /// <summary>The node's stored buckets.</summary>
    private static IReadOnlyList<Point> Buckets(CollectorHost host) => Query(host, NodePoints.NodeEnergy, new() { ["node"] = Node });

    /// <summary>The rail's stored readings.</summary>
    private static IReadOnlyList<Point> RailReadings(CollectorHost host) => Query(host, IngestPoints.ChannelReading, new() { ["device"] = Device, ["channel"] = "2" });

    private static IReadOnlyList<Point> Query(CollectorHost host, string measurement, Dictionary<string, string> tags) =>
        host.Reader!.QueryAsync(measurement, tags, 0, long.MaxValue, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>One node whose single wall feed is the meter's INA219 rail (channel 2); the PZEM channel stays unmapped.</summary>
    private static void WriteInventory(string data)
    {
        var since = DateTimeOffset.Parse("2020-01-01T00:00:00Z", CultureInfo.InvariantCulture);
        var inventory = Inventory.Create(
            [new Site("lab")],
            [new Node(Node, "lab", 1, 8, "room-a", [new Feed("rail", FeedRole.Wall)])],
            [new ChannelMapping(Device, 2, Node, "rail", since)]);
        InventoryFile.Save(inventory, Path.Combine(data, "inventory.json"));
    }

    /// <summary>The simulated world's UTC: the meter's boot instant plus its monotonic clock (what the collector reads too).</summary>
    private sealed class WorldTime(SimulatedClock clock, long bootUtcMs) : TimeProvider
    {
        public long UtcMs => bootUtcMs + (clock.MonotonicMicroseconds / 1000);

        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(UtcMs);
    }
}
