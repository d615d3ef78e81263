using BenchmarkDotNet.Attributes;
using Metering.Collector.Host;
using Metering.Collector.Ingest;
using Metering.Collector.Mqtt;
using Metering.Collector.Nodes;
using Metering.Collector.Points;
using Metering.Collector.Storage;

namespace Metering.Collector.Benchmarks;

/// <summary>
/// The whole per-message processing of the collector (<see cref="IngestProcessor"/>: decode, validation, dead letters,
/// device ledger, unmapped registry, intervals, node buckets, attribution hook, metrics, points) in batches of 1,000
/// messages of 100 devices, into an outbox that only counts (the SQLite outbox and the MQTT client are measured by
/// <c>metering bench ingest</c>). Per message, with allocations; a fresh collector state every iteration.
/// </summary>
[MemoryDiagnoser]
public class ProcessorBenchmarks
{
    private const int Devices = 100;
    private const int Windows = 200;
    private const int Batch = 1_000;
    private const long ReceivedBase = 1764403210250;
    private readonly List<ReceivedMessage[]> _batches = [];
    private readonly CountingOutbox _outbox = new();
    private string _folder = "";
    private IngestProcessor _processor = null!;
    private StateStore? _state;
    private DeadLetterStore? _dead;

    /// <summary>Encodes the stream once: window-major, so every batch holds windows of many devices, as at a site.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var stream = TelemetryStream.Create(Windows);
        var all = new List<ReceivedMessage>(Devices * Windows);
        for (var w = 0; w < Windows; w++)
        {
            for (var d = 0; d < Devices; d++)
            {
                var id = $"bench-{d:D4}-a";
                var payload = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(stream[w]).Replace("rack12-node07-a", id, StringComparison.Ordinal));
                all.Add(new ReceivedMessage($"metering/v1/{id}/telemetry", payload, ReceivedBase + (w * 10_000L), _ => Task.CompletedTask));
            }
        }

        _batches.AddRange(all.Chunk(Batch));
    }

    /// <summary>A fresh collector state in a temporary folder.</summary>
    [IterationSetup]
    public void Reset()
    {
        Cleanup();
        _folder = Directory.CreateTempSubdirectory("metering-bench-").FullName;
        _state = new StateStore(Path.Combine(_folder, "collector.db"));
        _dead = new DeadLetterStore(Path.Combine(_folder, "collector.db"));
        var state = IngestState.Load(_state, Inventory.Empty, new NodeEnergyOptions(), new TimePlacement { MaxBacklogMs = long.MaxValue / 4 });
        _processor = new IngestProcessor(state, _outbox, _dead, new CollectorMetrics(), new FixedTime(ReceivedBase + (Windows * 10_000L)));
    }

    /// <summary>Removes the temporary folder.</summary>
    [IterationCleanup]
    public void Cleanup()
    {
        _state?.Dispose();
        _dead?.Dispose();
        (_state, _dead) = (null, null);
        if (_folder.Length > 0)
        {
            Directory.Delete(_folder, recursive: true);
            _folder = "";
        }
    }

    /// <summary>Every batch through the processor (no checkpoints: they are per batch in the pipeline, measured there).</summary>
    [Benchmark(OperationsPerInvoke = Devices * Windows)]
    public async Task<long> Process()
    {
        foreach (var batch in _batches)
        {
            await _processor.ProcessAsync(batch, CancellationToken.None);
        }

        return _outbox.Points;
    }

    private sealed class CountingOutbox : IOutbox
    {
        public long Points { get; private set; }

        public long PendingBatches => 0;

        public long PendingBytes => 0;

        public long? OldestPendingMs => null;

        public bool IsFull => false;

        public Task AppendAsync(IReadOnlyList<Point> points, CancellationToken cancellationToken)
        {
            Points += points.Count;
            return Task.CompletedTask;
        }
    }

    private sealed class FixedTime(long ms) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
