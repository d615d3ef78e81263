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

    /// <summary>
    /// The health document: healthy unless the broker is unreachable or the outbox is full; warnings (still healthy)
    /// while any metered energy counts toward no node.
    /// </summary>
    public HealthReport Snapshot()
    {
        Refresh();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var connected = brokerConnected();
        var problems = new List<string>();
        if (!connected) problems.Add("not connected to the MQTT broker");
        if (outbox.IsFull) problems.Add("the outbox is full: ingest is held back until the sink catches up");
        return new HealthReport(problems.Count == 0, problems, connected, outbox.PendingBatches, outbox.PendingBytes,
            outbox.OldestPendingMs is { } o ? (now - o) / 1000.0 : 0, state.Devices.CountOnline(now), state.Devices.All().Count)
        {
            Warnings = Warnings(state.NodeEnergy.Stats),
        };
    }

    private static IReadOnlyList<string> Warnings(Nodes.NodeEnergyStats stats)
    {
        var warnings = new List<string>();
        if (stats.UnmappedMillijoules > 0)
        {
            warnings.Add($"{stats.UnmappedMillijoules} mJ of metered energy came from channels with no inventory mapping at the time and counts toward no node: see `metering inventory unmapped`");
        }

        if (stats.TooLateMillijoules > 0)
        {
            warnings.Add($"{stats.TooLateMillijoules} mJ of metered energy arrived after its node bucket's retention window and counts toward no node (NodeEnergy:RetentionSeconds)");
        }

        return warnings;
    }
}

/// <summary>The /health document.</summary>
public sealed record HealthReport(bool Healthy, IReadOnlyList<string> Problems, bool BrokerConnected, long OutboxBatches, long OutboxBytes,
    double OutboxOldestAgeSeconds, int DevicesOnline, int DevicesKnown)
{
    /// <summary>What is wrong but keeps the collector healthy: energy counted toward no node, since the state began.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
