using Metering.Collector.Mqtt;
using Metering.Collector.Storage;

namespace Metering.Collector.Host;

/// <summary>Health of the running collector, for /health and the gauges /metrics refreshes before exporting.</summary>
public sealed class CollectorStatus(CollectorMetrics metrics, IOutbox outbox, IngestState state, DeadLetterStore deadLetters, Func<bool> brokerConnected, TimeProvider time)
{
    /// <summary>How long /health stays unhealthy after the embedded broker dropped a message.</summary>
    public static readonly TimeSpan BrokerDropUnhealthyFor = TimeSpan.FromMinutes(10);

    /// <summary>The embedded broker whose drops, flow control and queue /health and /metrics report; null with an external broker.</summary>
    public EmbeddedBroker? Broker { get; init; }

    /// <summary>What the configuration leaves out (<see cref="ConfigurationWarnings"/>), listed as warnings.</summary>
    public Func<IReadOnlyList<string>> SetupWarnings { get; init; } = () => [];

    /// <summary>Connections the subscriber lost so far (for /metrics).</summary>
    public Func<long> SubscriberDisconnects { get; init; } = () => 0;

    /// <summary>Updates the gauges that are read on demand, and the counters kept by the broker and the subscriber.</summary>
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
        metrics.SubscriberDisconnects.IncTo(SubscriberDisconnects());
        if (Broker is { } broker)
        {
            foreach (var (client, dropped) in broker.Counters.DroppedByClient())
            {
                metrics.BrokerDropped.WithLabels(client).IncTo(dropped);
            }

            var flow = broker.FlowControl;
            metrics.BrokerHeld.IncTo(flow.Held);
            metrics.BrokerHeldRefused.IncTo(flow.Refused);
            metrics.BrokerWaiting.Set(flow.Waiting);
            metrics.CollectorOutstanding.Set(flow.OutstandingMessages);
            metrics.CollectorOutstandingBytes.Set(flow.OutstandingBytes);
        }
    }

    /// <summary>
    /// The health document: healthy unless the broker is unreachable, the outbox is full, or the embedded broker dropped
    /// a message in the last <see cref="BrokerDropUnhealthyFor"/>; warnings (still healthy) while any metered energy
    /// counts toward no node, and while flow control holds device publishes (the collector is behind).
    /// </summary>
    public HealthReport Snapshot()
    {
        Refresh();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var connected = brokerConnected();
        var problems = new List<string>();
        if (!connected) problems.Add("not connected to the MQTT broker");
        if (outbox.IsFull) problems.Add("the outbox is full: ingest is held back until the sink catches up");
        if (Broker?.Counters.LastDrop is { } drop && time.GetUtcNow() - drop.At < BrokerDropUnhealthyFor)
        {
            problems.Add($"the embedded broker dropped {Broker.Counters.MessagesDropped} messages from full client queues since start, the last "
                + $"{(long)(time.GetUtcNow() - drop.At).TotalSeconds} s ago (a message of {drop.SenderClientId} on {drop.Topic} for client {drop.ReceiverClientId}): "
                + $"that subscriber is too slow or gone; unhealthy for {BrokerDropUnhealthyFor.TotalMinutes:0} minutes after a drop (metering_broker_dropped_total, the log)");
        }

        var warnings = Warnings(state.NodeEnergy.Stats, Total(metrics.EnergyQuarantined));
        warnings.AddRange(SetupWarnings());
        if (Broker?.FlowControl is { Waiting: > 0 } flow)
        {
            warnings.Add($"the collector is behind: {flow.Waiting} device publishes are held by flow control ({flow.OutstandingMessages} messages, {flow.OutstandingBytes} bytes await its acknowledgement); the devices keep their windows meanwhile");
        }

        return new HealthReport(problems.Count == 0, problems, connected, outbox.PendingBatches, outbox.PendingBytes,
            outbox.OldestPendingMs is { } o ? (now - o) / 1000.0 : 0, state.Devices.CountOnline(now), state.Devices.All().Count)
        {
            Warnings = warnings,
        };
    }

    private static long Total(Prometheus.Counter counter) => (long)counter.GetAllLabelValues().Sum(l => counter.WithLabels(l).Value);

    private static List<string> Warnings(Nodes.NodeEnergyStats stats, long quarantinedMillijoules)
    {
        var warnings = new List<string>();
        if (quarantinedMillijoules > 0)
        {
            warnings.Add($"{quarantinedMillijoules} mJ of counter differences were impossible for their windows and were quarantined since start: see the dead letters (quarantined) and metering_energy_quarantined_millijoules_total");
        }

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
    /// <summary>What is wrong but keeps the collector healthy: energy counted toward no node, since the state began; the collector falling behind.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
