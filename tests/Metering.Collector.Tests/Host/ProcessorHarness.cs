using System.Globalization;
using Metering.Collector.Host;
using Metering.Collector.Ingest;
using Metering.Collector.Mqtt;
using Metering.Collector.Nodes;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using Metering.Collector.Tests.Storage;

namespace Metering.Collector.Tests.Host;

/// <summary>
/// The collector's real ingest path without a broker: an <see cref="IngestProcessor"/> over a state store and dead
/// letters in a temporary folder, the test fixture's inventory (rack12-node07-a channels 0..2 on gpu-a01), a clock the
/// test sets, and an outbox that keeps every point appended. Each message is one batch followed by a checkpoint.
/// </summary>
internal sealed class ProcessorHarness : IDisposable
{
    public const string Device = Nodes.Fixture.Device;
    public static readonly long T0 = Nodes.Fixture.T0 + 3_600_000;

    private readonly TempFolder _dir = new();

    public ProcessorHarness()
    {
        Store = new StateStore(_dir.File("collector.db"));
        DeadLetters = new DeadLetterStore(_dir.File("collector.db"));
        Reload();
    }

    public StateStore Store { get; }

    public DeadLetterStore DeadLetters { get; }

    public CollectorMetrics Metrics { get; private set; } = null!;

    public ManualTime Time { get; } = new(T0);

    public CapturingOutbox Outbox { get; } = new();

    public IngestState State { get; private set; } = null!;

    public IngestProcessor Processor { get; private set; } = null!;

    /// <summary>Loads the processor again from the saved state, as a restarted collector does.</summary>
    public void Reload()
    {
        Metrics = new CollectorMetrics();
        State = IngestState.Load(Store, Nodes.Fixture.Inventory(), new NodeEnergyOptions(), new TimePlacement());
        Processor = new IngestProcessor(State, Outbox, DeadLetters, Metrics, Time);
    }

    /// <summary>Telemetry of <see cref="Device"/> ending at <paramref name="endMs"/>, 10 s windows, synced, with the given channels.</summary>
    public static TelemetryMessage Telemetry(long boot, long seq, long endMs, params ChannelReading[] channels) => new()
    {
        DeviceId = Device, Boot = boot, Sequence = seq, WindowStartMs = endMs - 10_000, WindowEndMs = endMs, ClockSynced = true, Channels = channels,
    };

    /// <summary>A PZEM-004T reading with ten samples around <paramref name="pMaxMw"/>.</summary>
    public static ChannelReading Pzem(int channel, long epoch, long energyMj, int pMaxMw) => new()
    {
        ChannelId = channel, Kind = SensorKind.Pzem004t, Epoch = epoch, EnergyMillijoules = energyMj, SampleCount = 10, ErrorCount = 0,
        PowerMeanMilliwatts = pMaxMw, PowerMinMilliwatts = pMaxMw, PowerMaxMilliwatts = pMaxMw, VoltageMeanMillivolts = 230_000, CurrentMeanMilliamps = pMaxMw / 230,
    };

    /// <summary>Processes one message received 200 ms after its window, then checkpoints.</summary>
    public Task SendAsync(TelemetryMessage m) => SendAsync(Topics.For(m.DeviceId, MessageKind.Telemetry), TelemetryCodec.Encode(m), m.WindowEndMs + 200);

    /// <summary>Processes one message, then checkpoints.</summary>
    public async Task SendAsync(string topic, byte[] payload, long receivedMs)
    {
        Time.NowMs = Math.Max(Time.NowMs, receivedMs);
        await Processor.ProcessAsync([new ReceivedMessage(topic, payload, receivedMs, _ => Task.CompletedTask)], CancellationToken.None);
        await Processor.CheckpointAsync(CancellationToken.None);
    }

    /// <summary>Lets an hour pass so every node bucket is past its lateness horizon and written.</summary>
    public async Task FlushNodeBucketsAsync()
    {
        Time.NowMs += 3_600_000;
        await Processor.IdleAsync(CancellationToken.None);
    }

    /// <summary>The sum of an integer field over the points of a measurement (and a channel, when given).</summary>
    public long Sum(string measurement, string field, int? channel = null) =>
        Points(measurement, channel).Sum(p => Convert.ToInt64(p.Field(field), CultureInfo.InvariantCulture));

    /// <summary>The points of a measurement (and a channel, when given).</summary>
    public IEnumerable<Point> Points(string measurement, int? channel = null) =>
        Outbox.Points.Where(p => p.Measurement == measurement
            && (channel is null || p.Tags.Any(t => t.Key == "channel" && t.Value == channel.Value.ToString(CultureInfo.InvariantCulture))));

    public void Dispose()
    {
        DeadLetters.Dispose();
        Store.Dispose();
        _dir.Dispose();
    }
}

/// <summary>A clock the test sets.</summary>
internal sealed class ManualTime(long nowMs) : TimeProvider
{
    public long NowMs { get; set; } = nowMs;

    public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(NowMs);
}

/// <summary>An outbox that keeps what it is given.</summary>
internal sealed class CapturingOutbox : IOutbox
{
    public List<Point> Points { get; } = [];

    public long PendingBatches => 0;

    public long PendingBytes => 0;

    public long? OldestPendingMs => null;

    public bool IsFull => false;

    public Task AppendAsync(IReadOnlyList<Point> points, CancellationToken cancellationToken)
    {
        Points.AddRange(points);
        return Task.CompletedTask;
    }
}
