using Metering.Collector.Host;
using Metering.Collector.Ingest;
using Metering.Collector.Mqtt;
using Metering.Collector.Nodes;
using Metering.Collector.Storage;
using Metering.Collector.Tests.Storage;
using Microsoft.Data.Sqlite;

namespace Metering.Collector.Tests.Host;

/// <summary>
/// Issue 12 item 7: the outbox (outbox.db) and the checkpoint (collector.db) are two transactions in two files. A crash
/// between them leaves a batch's points in the outbox and the state before it on disk; the broker redelivers the batch
/// later, and it is processed again from the older state. With the receive times kept in the outbox beside the points
/// (<see cref="MessageReceipts"/>), the replay writes exactly the points the first pass wrote: the store ends up the same,
/// row for row, as a collector that never crashed.
/// </summary>
public sealed class ReplayAfterCrashTests
{
    private const long B = 1_764_403_000_000;
    private const long Origin = 946_684_800_000;

    /// <summary>Acknowledged before the crash: a birth, the first windows of an offline backlog, a window of a meter whose clock is off.</summary>
    private static readonly ReceivedMessage[] Before =
    [
        Message("rack12-node07-a", "status", Status("rack12-node07-a", 43, 300), 300_400),
        Message("rack12-node07-a", "telemetry", Window("rack12-node07-a", 43, 0, 10_000, uptime: true, synced: false), 300_500),
        Message("rack12-node07-a", "telemetry", Window("rack12-node07-a", 43, 1, 20_000, uptime: true, synced: false), 300_510),
        Message("rack12-node08-a", "telemetry", Window("rack12-node08-a", 5, 0, -8L * 86_400_000, uptime: true, synced: true), 300_515),
    ];

    /// <summary>
    /// Appended to the outbox, then the crash: more backlog, an event with and one without an uptime, a periodic status,
    /// the first windows of a meter without uptime_ms (its boot's offset set here), the next window of the meter whose
    /// clock is off. Every one of them is placed by its receive time, or by a bound that receive time set.
    /// </summary>
    private static readonly ReceivedMessage[] Crashed =
    [
        Message("rack12-node07-a", "telemetry", Window("rack12-node07-a", 43, 2, 30_000, uptime: true, synced: false), 300_520),
        Message("rack12-node07-a", "event", Event("rack12-node07-a", 43, 25_000, uptime: true), 300_530),
        Message("rack12-node07-a", "event", Event("rack12-node07-a", 43, 26_000, uptime: false), 300_540),
        Message("lab-bench-1", "telemetry", Window("lab-bench-1", 3, 0, 10_000, uptime: false, synced: false), 300_550),
        Message("lab-bench-1", "telemetry", Window("lab-bench-1", 3, 1, 20_000, uptime: false, synced: false), 300_560),
        Message("rack12-node08-a", "telemetry", Window("rack12-node08-a", 5, 1, (-8L * 86_400_000) + 10_000, uptime: true, synced: true), 300_570),
        Message("rack12-node07-a", "status", Status("rack12-node07-a", 43, 360), 360_400),
        Message("rack12-node07-a", "telemetry", Window("rack12-node07-a", 43, 3, 40_000, uptime: true, synced: false), 360_500),
    ];

    [Fact]
    public async Task A_batch_redelivered_after_a_crash_between_outbox_and_checkpoint_writes_the_same_points()
    {
        using var uninterrupted = new Collector();
        await uninterrupted.ProcessAsync(Before, checkpoint: true);
        await uninterrupted.ProcessAsync(Crashed, checkpoint: true);

        using var crashed = new Collector();
        await crashed.ProcessAsync(Before, checkpoint: true);
        await crashed.ProcessAsync(Crashed, checkpoint: false);
        crashed.Crash();
        // The broker redelivers what was not acknowledged, a minute later.
        await crashed.ProcessAsync([.. Crashed.Select(m => m with { ReceivedMs = m.ReceivedMs + 60_000 })], checkpoint: true);

        var expected = await uninterrupted.StoredAsync();
        var actual = await crashed.StoredAsync();
        Assert.Contains(expected, r => r.StartsWith("device_status", StringComparison.Ordinal));
        Assert.Contains(expected, r => r.StartsWith("node_energy", StringComparison.Ordinal));
        Assert.Empty(actual.Except(expected));      // no second point at another time, no other value
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task A_batch_redelivered_after_its_checkpoint_but_before_its_acknowledgement_writes_nothing_new()
    {
        using var collector = new Collector();
        await collector.ProcessAsync(Before, checkpoint: true);
        await collector.ProcessAsync(Crashed, checkpoint: true);
        var expected = await collector.StoredAsync();
        collector.Crash();

        await collector.ProcessAsync([.. Crashed.Select(m => m with { ReceivedMs = m.ReceivedMs + 60_000 })], checkpoint: true);

        var actual = await collector.StoredAsync();
        Assert.Empty(actual.Except(expected));
        Assert.Equal(expected, actual);
    }

    private static ReceivedMessage Message(string device, string kind, byte[] payload, long receivedAfterBootMs) =>
        new($"metering/v1/{device}/{kind}", payload, B + receivedAfterBootMs, _ => Task.CompletedTask);

    private static byte[] Status(string device, long boot, long uptimeSeconds) => StatusCodec.Encode(new StatusMessage
    {
        DeviceId = device, State = DeviceState.Online, FirmwareVersion = "0.1.0", Incarnation = 77, Boot = boot, UptimeSeconds = uptimeSeconds,
    });

    /// <summary>A 10 s window of three PZEM-004T channels (the fixture maps rack12-node07-a's to gpu-a01) ending at <paramref name="uptimeMs"/>.</summary>
    private static byte[] Window(string device, long boot, long seq, long uptimeMs, bool uptime, bool synced) => TelemetryCodec.Encode(new TelemetryMessage
    {
        DeviceId = device, Incarnation = 77, Boot = boot, Sequence = seq, ClockSynced = synced, UptimeMs = uptime ? Math.Abs(uptimeMs) : TelemetryMessage.Absent,
        WindowStartMs = (synced ? B : Origin) + uptimeMs - 10_000, WindowEndMs = (synced ? B : Origin) + uptimeMs,
        Channels = [.. Enumerable.Range(0, 3).Select(c => new ChannelReading
        {
            ChannelId = c, Kind = SensorKind.Pzem004t, Epoch = 1, EnergyMillijoules = 50_000_000 + (seq * 14_000_000), SampleCount = 10, ErrorCount = 0,
            PowerMeanMilliwatts = 1_400_000, PowerMinMilliwatts = 1_400_000, PowerMaxMilliwatts = 1_400_000, VoltageMeanMillivolts = 230_000, CurrentMeanMilliamps = 6_087,
        })],
    });

    private static byte[] Event(string device, long boot, long uptimeMs, bool uptime) => EventCodec.Encode(new EventMessage
    {
        DeviceId = device, Boot = boot, TimeMs = Origin + uptimeMs, UptimeMs = uptime ? uptimeMs : -1, ClockSynced = false, Kind = EventKinds.SensorFault, Channel = 1, Detail = "no_reply",
    });

    /// <summary>
    /// The collector's ingest over its real files in a temporary folder (collector.db, outbox.db), the fixture's
    /// inventory and a clock the messages set; <see cref="StoredAsync"/> drains the outbox into a SQLite store.
    /// </summary>
    private sealed class Collector : IDisposable
    {
        private readonly TempFolder _dir = new();
        private readonly ManualTime _time = new(B);
        private StateStore _store = null!;
        private DeadLetterStore _dead = null!;
        private SqliteOutbox _outbox = null!;
        private IngestProcessor _processor = null!;

        public Collector() => Open();

        public async Task ProcessAsync(IReadOnlyList<ReceivedMessage> batch, bool checkpoint)
        {
            _time.NowMs = Math.Max(_time.NowMs, batch.Max(m => m.ReceivedMs));
            await _processor.ProcessAsync(batch, CancellationToken.None);
            if (checkpoint)
            {
                await _processor.CheckpointAsync(CancellationToken.None);
            }
        }

        /// <summary>The process dies: nothing after the last commit of either file survives; it starts again from its files.</summary>
        public void Crash()
        {
            Close();
            Open();
        }

        /// <summary>Every point in the store once an hour has passed (every bucket written) and the outbox drained, as sorted rows.</summary>
        public async Task<List<string>> StoredAsync()
        {
            _time.NowMs += 3_600_000;
            await _processor.IdleAsync(CancellationToken.None);
            using (var sink = new SqliteSink(new SqliteSinkSettings { Path = _dir.File("store.db") }))
            {
                var drainer = new OutboxDrainer(_outbox, sink);
                while (_outbox.PendingBatches > 0)
                {
                    await drainer.DrainOnceAsync(CancellationToken.None);
                }
            }

            using var db = new SqliteConnection($"Data Source={_dir.File("store.db")};Pooling=False");
            db.Open();
            using var query = db.CreateCommand();
            query.CommandText = "SELECT measurement, series, time_ms, fields FROM point ORDER BY measurement, series, time_ms";
            using var reader = query.ExecuteReader();
            var rows = new List<string>();
            while (reader.Read())
            {
                rows.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetInt64(2)} {reader.GetString(3)}");
            }

            return rows;
        }

        public void Dispose()
        {
            Close();
            _dir.Dispose();
        }

        private void Open()
        {
            _store = new StateStore(_dir.File("collector.db"));
            _dead = new DeadLetterStore(_dir.File("collector.db"));
            _outbox = new SqliteOutbox(new OutboxSettings { Path = _dir.File("outbox.db") }, _time);
            var state = IngestState.Load(_store, Nodes.Fixture.Inventory(), new NodeEnergyOptions(), new TimePlacement());
            _processor = new IngestProcessor(state, _outbox, _dead, new CollectorMetrics(), _time);
        }

        private void Close()
        {
            _outbox.Dispose();
            _dead.Dispose();
            _store.Dispose();
        }
    }
}
