using Metering.Collector.Points;

namespace Metering.Collector.Host;

/// <summary>The point the collector writes about itself (collector README, "Schema").</summary>
public static class HealthPoints
{
    /// <summary>The collector's own health, every minute.</summary>
    public const string CollectorHealth = "collector_health";

    /// <summary>
    /// The <c>collector_health</c> point: the collector's own counters and gauges (as /health and /metrics show them),
    /// tagged with the host that runs it, written every minute so dashboards beside the data can show its health.
    /// </summary>
    public static Point Health(string collector, HealthReport h, long messages, long rejected, long duplicates, long readings, long deadLetters, long timestampMs) =>
        new(CollectorHealth, [new Tag("collector", collector)],
        [
            new Field("healthy", h.Healthy),
            new Field("broker_connected", h.BrokerConnected),
            new Field("messages", messages),
            new Field("rejected", rejected),
            new Field("duplicates", duplicates),
            new Field("readings", readings),
            new Field("dead_letters", deadLetters),
            new Field("outbox_batches", h.OutboxBatches),
            new Field("outbox_bytes", h.OutboxBytes),
            new Field("outbox_oldest_s", h.OutboxOldestAgeSeconds),
            new Field("devices_online", (long)h.DevicesOnline),
            new Field("devices_known", (long)h.DevicesKnown),
        ], timestampMs);
}
