using System.Threading.Channels;
using Metering.Collector.Host;
using Metering.Collector.Ingest;
using Metering.Collector.Mqtt;
using Metering.Collector.Nodes;
using Metering.Collector.Storage;
using Metering.Collector.Tests.EndToEnd;
using Metering.Collector.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Tests.Host;

/// <summary>
/// What ingest could not count toward a node is visible: energy by reason in /metrics and as /health warnings,
/// readings by interval outcome; duplicates are counted, not dead-lettered; the ingest rate falls to 0 when traffic stops.
/// </summary>
public sealed class IngestAccountingTests : IDisposable
{
    private const long Now = 1_764_403_260_000;
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Unmapped_energy_is_exported_in_mJ_and_warned_about_and_duplicates_are_counted_not_stored()
    {
        using var state = new StateStore(_dir.File("collector.db"));
        using var letters = new DeadLetterStore(_dir.File("collector.db"));
        using var outbox = new SqliteOutbox(new OutboxSettings { Path = _dir.File("outbox.db") }, TimeProvider.System, NullLogger<SqliteOutbox>.Instance);
        var ingest = IngestState.Load(state, Inventory.Empty, new NodeEnergyOptions(), new TimePlacement());
        var metrics = new CollectorMetrics();
        var time = new Fixed(Now);
        var processor = new IngestProcessor(ingest, outbox, letters, metrics, time);

        await processor.ProcessAsync([Message(1, 1_000_000), Message(2, 2_500_000), Message(2, 2_500_000), Message(2, 2_500_000)], CancellationToken.None);

        Assert.Equal(1_500_000, metrics.EnergyDropped.WithLabels("unmapped").Value);
        Assert.Equal((1.0, 1.0), (metrics.IntervalOutcomes.WithLabels("baseline").Value, metrics.IntervalOutcomes.WithLabels("interval").Value));
        Assert.Equal(2, metrics.Duplicates.Value);
        Assert.Equal(0, letters.Count);
        var health = new CollectorStatus(metrics, outbox, ingest, letters, () => true, time).Snapshot();
        Assert.True(health.Healthy);
        Assert.StartsWith("1500000 mJ of metered energy came from channels with no inventory mapping", Assert.Single(health.Warnings), StringComparison.Ordinal);
    }

    private static ReceivedMessage Message(long seq, long energyMillijoules)
    {
        var end = Now - 20_000 + (seq * 10_000);
        var payload = Metering.Protocol.TelemetryCodec.Encode(new Metering.Protocol.TelemetryMessage
        {
            DeviceId = "d1", Boot = 1, Sequence = seq, WindowStartMs = end - 10_000, WindowEndMs = end, ClockSynced = true,
            Channels = [new Metering.Protocol.ChannelReading { ChannelId = 0, Kind = Metering.Protocol.SensorKind.Pzem004t, Epoch = 1, EnergyMillijoules = energyMillijoules, SampleCount = 10 }],
        });
        return new ReceivedMessage("metering/v1/d1/telemetry", payload, Now, _ => Task.CompletedTask);
    }

    private sealed class Fixed(long ms) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    private sealed class Idle : IBatchProcessor, IIdleProcessor
    {
        public Task ProcessAsync(IReadOnlyList<ReceivedMessage> batch, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task CheckpointAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> IdleAsync(CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
