using Metering.Collector.Ingest;
using Metering.Collector.Intervals;
using Metering.Collector.Mqtt;
using Metering.Collector.Nodes;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using Metering.Protocol;

namespace Metering.Collector.Host;

/// <summary>
/// The collector's pipeline from received messages to stored points: decode and validate (refusals counted and
/// dead-lettered), channel readings, intervals, unmapped tracking, node energy, device status and events. A batch
/// becomes durable in the outbox; <see cref="CheckpointAsync"/> then saves the state the batch changed, and only
/// after it are the batch's messages acknowledged (see <see cref="IngestPipeline"/>). Processing is deterministic given
/// the state and each message's receive time; the receive times go into the outbox with the points
/// (<see cref="MessageReceipts"/>), so a message redelivered after a crash (its points appended, the state not yet
/// checkpointed, or checkpointed but not acknowledged) is processed again with its first receive time and produces the
/// same points, which overwrite themselves.
/// </summary>
public sealed class IngestProcessor : IBatchProcessor, IIdleProcessor
{
    private readonly IngestState _state;
    private readonly IOutbox _outbox;
    private readonly DeadLetterStore _deadLetters;
    private readonly CollectorMetrics _metrics;
    private readonly EnergyMetrics _energy;
    private readonly TimeProvider _time;
    private readonly Dictionary<ChannelKey, long> _lastIntervalStamp = [];
    private readonly Prometheus.Counter.Child[] _outcomes;
    private readonly Dictionary<ReadingOutcome, Prometheus.Counter.Child> _intervalOutcomes;
    private readonly Containment _containment;
    private readonly LedgerReporter _ledger;
    private readonly MessageReceipts _receipts;
    private Inventory? _nextInventory;

    /// <summary>
    /// Creates the processor over restored state; <paramref name="attribution"/> null: node energy only. A message or
    /// point that fails goes to <paramref name="containment"/> (default: the dead letters, unlogged) and the batch goes on.
    /// New device lives and quarantined energy go to <paramref name="ledger"/> (default: counted and dead-lettered, unlogged).
    /// </summary>
    public IngestProcessor(IngestState state, IOutbox outbox, DeadLetterStore deadLetters, CollectorMetrics metrics, TimeProvider time,
        LiveAttribution? attribution = null, Containment? containment = null, LedgerReporter? ledger = null)
    {
        Attribution = attribution;
        _containment = containment ?? new Containment(deadLetters, metrics, time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        _ledger = ledger ?? new LedgerReporter(deadLetters, metrics, time, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        _state = state;
        _outbox = outbox;
        _receipts = new MessageReceipts(outbox.LoadReceipts());
        _deadLetters = deadLetters;
        _metrics = metrics;
        _energy = new EnergyMetrics(metrics);
        // Series that exist from the start, at 0, so a rate() or an alert has something to read before the first event.
        metrics.EnergyDropped.WithLabels("unmapped");
        metrics.EnergyDropped.WithLabels("too_late");
        _time = time;
        _outcomes = [.. Enum.GetValues<IngestResult>().Select(r => metrics.Messages.WithLabels(r.ToString().ToLowerInvariant()))];
        _intervalOutcomes = Enum.GetValues<ReadingOutcome>().ToDictionary(o => o, o => metrics.IntervalOutcomes.WithLabels(Tokens.SnakeCase(o.ToString())));
    }

    /// <summary>Attribution of each batch's node buckets to jobs, written in the same outbox batch; null: node energy only.</summary>
    public LiveAttribution? Attribution { get; }

    /// <summary>Switches to a new inventory before the next batch (thread-safe: the pipeline applies it).</summary>
    public void UseInventory(Inventory inventory) => Interlocked.Exchange(ref _nextInventory, inventory);

    /// <inheritdoc />
    public Task ProcessAsync(IReadOnlyList<ReceivedMessage> batch, CancellationToken cancellationToken) => RunAsync(batch, cancellationToken);

    /// <summary>
    /// With no message for a while: emits buckets past the lateness horizon and applies queued job events (through
    /// an empty batch). Returns true when it wrote points, so a checkpoint is due.
    /// </summary>
    public async Task<bool> IdleAsync(CancellationToken cancellationToken) => await RunAsync([], cancellationToken).ConfigureAwait(false) > 0;

    private async Task<int> RunAsync(IReadOnlyList<ReceivedMessage> batch, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _nextInventory, null) is { } inventory)
        {
            _state.UseInventory(inventory);
        }

        foreach (var device in _state.ApplyLedgerResets(_time.GetUtcNow().ToUnixTimeMilliseconds()))
        {
            _ledger.ResetRequested(device);
        }

        var points = new List<Point>(batch.Count * 8);
        foreach (var received in batch)
        {
            var mark = points.Count;
            var first = _receipts.ReceivedMs(received.Topic, received.Payload, received.ReceivedMs);
            var m = first == received.ReceivedMs ? received : received with { ReceivedMs = first };
            try
            {
                Process(m, points);
            }
            catch (Exception e) when (e is not (OperationCanceledException or Microsoft.Data.Sqlite.SqliteException or IOException))
            {
                // One message must not stop ingest for every device (ARCHITECTURE.md, invariant 7). Storage failures
                // are not the message's fault: they stop the pipeline, which restarts from its checkpoint.
                points.RemoveRange(mark, points.Count - mark);
                _containment.Message(m.Topic, m.Payload, m.ReceivedMs, e);
            }
        }

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var ready = _state.NodeEnergy.TakeReady(now);
        foreach (var node in ready)
        {
            points.AddRange(NodePoints.Node(node));
        }

        _energy.Export(_state.NodeEnergy, ready);

        Attribution?.Process(ready, _state.Inventory, now, points);
        if (points.Count > 0)
        {
            await _containment.AppendAsync(_outbox, points, cancellationToken, _receipts.TakeWrite()).ConfigureAwait(false);
        }

        _metrics.DevicesOnline.Set(_state.Devices.CountOnline(now));
        var stats = _state.NodeEnergy.Stats;
        _metrics.EnergyDropped.WithLabels("unmapped").IncTo(stats.UnmappedMillijoules);
        _metrics.EnergyDropped.WithLabels("too_late").IncTo(stats.TooLateMillijoules);
        return points.Count;
    }

    /// <summary>Saves what the batches since the last checkpoint changed; after it, their messages may be acknowledged.</summary>
    public Task CheckpointAsync(CancellationToken cancellationToken)
    {
        _state.Checkpoint();
        _receipts.Checkpointed();
        return Task.CompletedTask;
    }

    private void Process(ReceivedMessage m, List<Point> points)
    {
        var outcome = _state.Ingestor.Ingest(m.Topic, m.Payload, m.ReceivedMs);
        Topics.TryParse(m.Topic, out var device, out _);
        _state.Devices.Record(device, outcome, m.ReceivedMs);
        if (outcome.Result != IngestResult.Rejected)
        {
            _metrics.DeviceLastSeen.WithLabels(device).Set(m.ReceivedMs / 1000.0);
        }

        _state.Touch(device);
        _outcomes[(int)outcome.Result].Inc();
        switch (outcome.Result)
        {
            case IngestResult.Rejected:
                _metrics.Rejected.WithLabels(outcome.Reason!).Inc();
                _deadLetters.Add(m.ReceivedMs, m.Topic, outcome.Reason!, outcome.Detail, m.Payload);
                break;
            case IngestResult.Duplicate:
                // Counted (here and per device), not stored: a redelivery is not data, and storing each whole would push
                // real refusals out of the dead letters.
                break;
            case IngestResult.Status:
                points.Add(IngestPoints.Status((StatusMessage)outcome.Message!, m.ReceivedMs));
                break;
            case IngestResult.Event:
                points.Add(IngestPoints.Event((EventMessage)outcome.Message!, outcome.PlacedMs));
                break;
            case IngestResult.Telemetry:
                if (outcome.NewLife is { } life)
                {
                    points.Add(IngestPoints.NewLife(life, outcome.Readings[0].EndMs));
                    _ledger.NewLife(life, m.ReceivedMs);
                }

                foreach (var reading in outcome.Readings)
                {
                    Reading(reading, m, points);
                }

                break;
        }
    }

    private void Reading(AcceptedReading r, ReceivedMessage m, List<Point> points)
    {
        _metrics.Readings.Inc();
        if (r.TimeSource != TimeSource.Device)
        {
            _metrics.TimeFallbacks.WithLabels(IngestPoints.TimeSourceName(r.TimeSource)).Inc();
        }

        points.Add(IngestPoints.Reading(r));
        if (_state.Unmapped.Observe(_state.Inventory, r) is null)
        {
            _metrics.Unmapped.Inc();
        }

        var step = _state.Intervals.Process(r);
        _intervalOutcomes[step.Outcome].Inc();
        _state.Touch(new ChannelKey(r.DeviceId, r.ChannelId));
        if (step.Interval is { } interval)
        {
            // Two intervals of one channel never share a timestamp (a clock that went backwards gives a zero-length one).
            var stamp = interval.EndMs;
            if (_lastIntervalStamp.TryGetValue(interval.Channel, out var last) && stamp <= last)
            {
                stamp = last + 1;
            }

            _lastIntervalStamp[interval.Channel] = stamp;
            points.Add(IntervalPoints.Interval(interval, stamp));
            _state.NodeEnergy.Add(interval);
        }

        if (step.Gap is { } gap)
        {
            points.Add(IntervalPoints.Gap(gap));
        }

        foreach (var q in step.Quarantined)
        {
            _ledger.Quarantined(q, m.Topic, m.ReceivedMs);
        }
    }
}
