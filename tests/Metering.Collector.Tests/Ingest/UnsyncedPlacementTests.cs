using System.Globalization;
using Metering.Collector.Ingest;

namespace Metering.Collector.Tests.Ingest;

/// <summary>
/// Where an unsynced window lands (Ingest/README.md, "Time placement"): at its boot's start plus its <c>uptime_ms</c>,
/// the boot's start being the smallest receive time minus uptime of the boot's statuses and messages. Each row is a
/// script of messages of rack12-node07-a, received at the given ms after the boot really started (B); the expected
/// value is where the last window (or event) lands, in ms after B. The device's unsynced clock counts from 2000-01-01.
/// </summary>
public sealed class UnsyncedPlacementTests
{
    private const string Device = "rack12-node07-a";
    private const long B = 1_764_403_000_000;
    private const long Origin = 946_684_800_000;
    private const long Board = 2914017489126631;
    private const long NewBoard = 7394580216573004;

    [Theory]
    // A backlog sent after the birth lands where it was measured, late by the birth's travel and uptime_s truncation (400 ms).
    [InlineData("birth 43 300 @300400; window 43 10000 @300500", 10_400)]
    [InlineData("birth 43 300 @300400; window 43 10000 @300500; window 43 20000 @300510; window 43 290000 @300520", 290_400)]
    // Before any status of its boot, a window bounds the start only by itself: it lands at its arrival (the fallback).
    [InlineData("window 43 10000 @300500", 300_500)]
    // A status arriving after the first windows still places the ones after it.
    [InlineData("window 43 10000 @300500; birth 43 300 @300600; window 43 20000 @300700", 20_600)]
    // A live window that travelled faster than the birth's truncated uptime tightens the bound for the windows after it.
    [InlineData("birth 43 300 @300400; window 43 305000 @305050; window 43 310000 @310900", 310_050)]
    // A retained status delivered again half an hour later, or a late status of the previous boot, changes nothing.
    [InlineData("birth 43 300 @300400; birth 43 100 @1900000; window 43 10000 @1900100", 10_400)]
    [InlineData("birth 43 300 @300400; birth 42 500 @300450; window 43 10000 @300500", 10_400)]
    // A new boot, or a board swapped in (another incarnation, boot 1), starts a new bound.
    [InlineData("birth 43 300 @300400; birth 44 20 @400200; window 44 10000 @400300", 390_200)]
    [InlineData("birth 43 300 @300400; swapped 1 5 @305300; swapped-window 1 3000 @305400", 303_300)]
    // Firmware without uptime_ms: the status cannot be related to end_ms, so the smallest offset rule places it at arrival.
    [InlineData("birth 43 300 @300400; no-uptime 43 10000 @300500", 300_500)]
    // A synced window is placed by its own clock, whatever its uptime says.
    [InlineData("birth 43 300 @300400; synced 43 310000 @310200", 310_000)]
    // Events: unsynced with an uptime at the boot's start plus it, without one at arrival, synced at their device time.
    [InlineData("birth 43 300 @300400; event 43 1250 @300600", 1_650)]
    [InlineData("birth 43 300 @300400; event-no-uptime 43 1250 @300600", 300_600)]
    [InlineData("birth 43 300 @300400; synced-event 43 305000 @305100", 305_000)]
    public void An_unsynced_window_lands_at_its_boots_start_plus_its_uptime(string script, long expectedMsAfterBoot)
    {
        var ingestor = new TelemetryIngestor(new TimePlacement());
        long placed = 0;
        var seq = new Dictionary<long, long>();
        foreach (var step in script.Split(';', StringSplitOptions.TrimEntries))
        {
            var parts = step.Split(' ');
            var (kind, boot, uptime, received) = (parts[0], Long(parts[1]), Long(parts[2]), B + Long(parts[3][1..]));
            var next = seq[boot] = seq.GetValueOrDefault(boot, -1) + 1;
            var outcome = kind switch
            {
                "birth" => ingestor.Ingest(Topic("status"), Status(Board, boot, uptime), received),
                "swapped" => ingestor.Ingest(Topic("status"), Status(NewBoard, boot, uptime), received),
                "window" => ingestor.Ingest(Topic("telemetry"), Window(Board, boot, next, uptime, synced: false, withUptime: true), received),
                "swapped-window" => ingestor.Ingest(Topic("telemetry"), Window(NewBoard, boot, next, uptime, synced: false, withUptime: true), received),
                "no-uptime" => ingestor.Ingest(Topic("telemetry"), Window(Board, boot, next, uptime, synced: false, withUptime: false), received),
                "synced" => ingestor.Ingest(Topic("telemetry"), Window(Board, boot, next, uptime, synced: true, withUptime: true), received),
                "event" => ingestor.Ingest(Topic("event"), Event(boot, uptime, synced: false, withUptime: true), received),
                "event-no-uptime" => ingestor.Ingest(Topic("event"), Event(boot, uptime, synced: false, withUptime: false), received),
                "synced-event" => ingestor.Ingest(Topic("event"), Event(boot, uptime, synced: true, withUptime: true), received),
                _ => throw new ArgumentException(step),
            };
            Assert.NotEqual(IngestResult.Rejected, outcome.Result);
            placed = outcome.Result switch
            {
                IngestResult.Telemetry => outcome.Readings[0].EndMs,
                IngestResult.Event => outcome.PlacedMs,
                _ => placed,
            };
        }

        Assert.Equal(expectedMsAfterBoot, placed - B);
    }

    [Fact]
    public void A_placed_window_keeps_its_duration_and_says_its_time_is_estimated()
    {
        var ingestor = new TelemetryIngestor(new TimePlacement());
        ingestor.Ingest(Topic("status"), Status(Board, 43, 300), B + 300_400);

        var r = ingestor.Ingest(Topic("telemetry"), Window(Board, 43, 0, 10_000, synced: false, withUptime: true), B + 300_500).Readings[0];

        Assert.Equal((B + 400, B + 10_400, TimeSource.Estimated, Origin + 10_000), (r.StartMs, r.EndMs, r.TimeSource, r.DeviceEndMs));
    }

    internal static string Topic(string kind) => $"metering/v1/{Device}/{kind}";

    internal static byte[] Status(long incarnation, long boot, long uptimeSeconds) => StatusCodec.Encode(new StatusMessage
    {
        DeviceId = Device, State = DeviceState.Online, FirmwareVersion = "0.1.0", Incarnation = incarnation, Boot = boot, UptimeSeconds = uptimeSeconds,
    });

    /// <summary>A 10 s window ending <paramref name="uptimeMs"/> after the boot: unsynced, its end on the 2000-01-01 clock; synced, on the true one.</summary>
    internal static byte[] Window(long incarnation, long boot, long seq, long uptimeMs, bool synced, bool withUptime) => TelemetryCodec.Encode(new TelemetryMessage
    {
        DeviceId = Device, Incarnation = incarnation, Boot = boot, Sequence = seq,
        WindowStartMs = (synced ? B : Origin) + uptimeMs - 10_000, WindowEndMs = (synced ? B : Origin) + uptimeMs,
        UptimeMs = withUptime ? uptimeMs : TelemetryMessage.Absent, ClockSynced = synced,
        Channels = [new ChannelReading { ChannelId = 0, Kind = SensorKind.Pzem004t, Epoch = 3, EnergyMillijoules = 1_000_000 + seq, SampleCount = 0, ErrorCount = 10 }],
    });

    private static byte[] Event(long boot, long uptimeMs, bool synced, bool withUptime) => EventCodec.Encode(new EventMessage
    {
        DeviceId = Device, Boot = boot, TimeMs = (synced ? B : Origin) + uptimeMs, UptimeMs = withUptime ? uptimeMs : -1, ClockSynced = synced, Kind = EventKinds.SensorFault, Channel = 0, Detail = "no_reply",
    });

    private static long Long(string s) => long.Parse(s, CultureInfo.InvariantCulture);
}
