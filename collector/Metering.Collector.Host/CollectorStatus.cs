using Metering.Collector.Storage;

namespace Metering.Collector.Host;

/// <summary>Health of the running collector, for /health and the gauges /metrics refreshes before exporting.</summary>
public sealed class CollectorStatus(CollectorMetrics metrics, IOutbox outbox, IngestState state, DeadLetterStore deadLetters, Func<bool> brokerConnected, TimeProvider time)
{
    /// <summary>Updates the gauges that are read on demand.</summary>
    public void Refresh()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        metrics.OutboxBatches.Set(outbox.PendingBatches);
        metrics.OutboxBytes.Set(outbox.PendingBytes);
        metrics.OutboxOldestAge.Set(outbox.OldestPendingMs is { } oldest ? Math.Max(0, now - oldest) / 1000.0 : 0);
        metrics.OutboxFull.Set(outbox.IsFull ? 1 : 0);
        metrics.DevicesOnline.Set(state.Devices.CountOnline(now));
        metrics.DevicesKnown.Set(state.Devices.All().Count);
        metrics.DeadLetters.Set(deadLetters.Count);
    }

    /// <summary>The health document: healthy unless the broker is unreachable or the outbox is full.</summary>
    public HealthReport Snapshot()
    {
        Refresh();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var connected = brokerConnected();
        var problems = new List<string>();
        if (!connected) problems.Add("not connected to the MQTT broker");
        if (outbox.IsFull) problems.Add("the outbox is full: ingest is held back until the sink catches up");
        return new HealthReport(problems.Count == 0, problems, connected, outbox.PendingBatches, outbox.PendingBytes,
            outbox.OldestPendingMs is { } o ? (now - o) / 1000.0 : 0, state.Devices.CountOnline(now), state.Devices.All().Count);
    }
}

/// <summary>The /health document.</summary>
public sealed record HealthReport(bool Healthy, IReadOnlyList<string> Problems, bool BrokerConnected, long OutboxBatches, long OutboxBytes,
    double OutboxOldestAgeSeconds, int DevicesOnline, int DevicesKnown);
