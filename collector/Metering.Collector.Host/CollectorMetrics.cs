using Prometheus;

namespace Metering.Collector.Host;

/// <summary>
/// The collector's Prometheus metrics, on a registry of its own (so tests and several collectors in one process do
/// not share counters). Names carry their units; /metrics exports them in the Prometheus text format.
/// </summary>
public sealed class CollectorMetrics
{
    /// <summary>Creates the metrics on a fresh registry.</summary>
    public CollectorMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var f = Metrics.WithCustomRegistry(Registry);
        // What runs: the version and runtime as labels of a constant 1, as exporters conventionally do; and the
        // process and runtime metrics (process_cpu_seconds_total, process_resident_memory_bytes, dotnet_gc_*, ...).
        f.CreateGauge("metering_build_info", "The collector's version and runtime (constant 1).", "version", "runtime")
            .WithLabels(BuildVersion, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription).Set(1);
        DotNetStats.Register(Registry);
        Messages = f.CreateCounter("metering_ingest_messages_total", "MQTT messages received, by outcome (telemetry, status, event, config, duplicate, rejected).", "outcome");
        Duplicates = Messages.WithLabels("duplicate");
        NodeEnergy = f.CreateCounter("metering_node_energy_joules_total", "Energy each node's wall feeds measured, counted as it reaches a node bucket (unmapped and too-late energy excluded), J.", "site", "node");
        FeedEnergy = f.CreateCounter("metering_feed_energy_joules_total", "Energy each feed measured (wall feeds and submeters), J.", "site", "node", "feed", "role");
        NodePower = f.CreateGauge("metering_node_power_watts", "Each node's mean wall power over its newest emitted bucket, W.", "site", "node");
        FeedPower = f.CreateGauge("metering_feed_power_watts", "Each feed's mean power over its node's newest emitted bucket, W.", "site", "node", "feed", "role");
        DeviceLastSeen = f.CreateGauge("metering_device_last_seen_timestamp_seconds", "When each device's last accepted message (telemetry, status, event) arrived, Unix time, s.", "device");
        Rejected = f.CreateCounter("metering_ingest_rejected_total", "Messages refused under the contract or by validation, by reason code (shared/Metering.Protocol/README.md, Refusals).", "reason");
        Readings = f.CreateCounter("metering_ingest_readings_total", "Channel readings accepted.");
        TimeFallbacks = f.CreateCounter("metering_ingest_time_fallbacks_total", "Windows not placed on the device clock, by source (estimated, receive).", "source");
        Unmapped = f.CreateCounter("metering_ingest_unmapped_readings_total", "Readings from channels with no inventory mapping at their time (kept, listed by `metering inventory unmapped`).");
        BatchSeconds = f.CreateHistogram("metering_ingest_batch_seconds", "Time to process and persist one ingest batch, before acknowledging it.");
        OutboxBatches = f.CreateGauge("metering_outbox_pending_batches", "Batches waiting in the durable outbox.");
        OutboxBytes = f.CreateGauge("metering_outbox_pending_bytes", "Bytes waiting in the durable outbox.");
        OutboxOldestAge = f.CreateGauge("metering_outbox_oldest_age_seconds", "Age of the oldest batch waiting in the outbox.");
        OutboxFull = f.CreateGauge("metering_outbox_full", "1 while the outbox is at its size bound and ingest is held back.");
        SinkSeconds = f.CreateHistogram("metering_sink_write_seconds", "Latency of one batch write to the sink.", new HistogramConfiguration { LabelNames = ["sink"] });
        SinkErrors = f.CreateCounter("metering_sink_errors_total", "Failed batch writes to the sink, by sink and kind (retryable, permanent).", "sink", "kind");
        DevicesOnline = f.CreateGauge("metering_devices_online", "Devices whose last status is online and that were heard from in the last 5 minutes.");
        DevicesKnown = f.CreateGauge("metering_devices_known", "Devices ever heard from.");
        DeadLetters = f.CreateGauge("metering_dead_letters", "Refused messages kept in the dead-letter store.");
        BrokerDropped = f.CreateCounter("metering_broker_dropped_total",
            "Messages the embedded broker dropped because a subscriber's queue was full, by that subscriber's client id (should stay 0; each drop is logged with the publishing device and turns /health unhealthy).", "client");
        BrokerHeld = f.CreateCounter("metering_broker_held_publishes_total",
            "Device publishes the embedded broker held unanswered while the collector's unacknowledged messages were at their high-water mark (flow control: the devices kept their windows meanwhile).");
        BrokerHeldRefused = f.CreateCounter("metering_broker_held_refused_total",
            "Device publishes refused by closing their connection because Broker:MaxHeldPublishes were already held (the device keeps the message and sends it again).");
        BrokerWaiting = f.CreateGauge("metering_broker_held_publishes", "Device publishes held by the embedded broker now.");
        CollectorOutstanding = f.CreateGauge("metering_broker_collector_outstanding_messages", "Messages queued by the embedded broker to the collector and not yet acknowledged.");
        CollectorOutstandingBytes = f.CreateGauge("metering_broker_collector_outstanding_bytes", "Their payload bytes.");
        SubscriberDisconnects = f.CreateCounter("metering_mqtt_disconnects_total", "Times the collector's MQTT subscriber lost its connection (each logged with the reason).");
        BrokerRefused = f.CreateCounter("metering_broker_refused_total", "Connections and publishes the embedded broker refused, by reason.", "reason");
        IntervalOutcomes = f.CreateCounter("metering_interval_readings_total",
            "Accepted channel readings by what the interval stage made of them (baseline, interval, bridged, new_epoch, counter_backwards, duplicate, late, new_life, held, quarantined).", "outcome");
        EnergyDropped = f.CreateCounter("metering_energy_dropped_millijoules_total",
            "Metered energy that counts toward no node, mJ, by reason: unmapped (no inventory mapping at its time; `metering inventory unmapped`), "
            + "too_late (its node bucket was past the retention window).", "reason");
        ItemsRefused = f.CreateCounter("metering_items_refused_total",
            "Single items that failed and were set aside instead of stopping ingest (kept as dead letters), by kind (message, job_event, point) and reason.", "kind", "reason");
        EnergyQuarantined = f.CreateCounter("metering_energy_quarantined_millijoules_total",
            "Energy the devices' counter differences claimed and the collector refused (never added to a node), mJ, by reason (counter_backwards, above_rated_power, above_reported_power).", "reason");
        DeviceLives = f.CreateCounter("metering_device_lives_total", "New device lives started, by reason (incarnation, boot_went_back, operator).", "reason");
    }

    /// <summary>The registry /metrics exports.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Messages by outcome.</summary>
    public Counter Messages { get; }
    /// <summary>Refusals by reason.</summary>
    public Counter Rejected { get; }
    /// <summary>Duplicates: the <c>duplicate</c> outcome of <see cref="Messages"/> (one series, not a counter of its own).</summary>
    public Counter.Child Duplicates { get; }

    /// <summary>Energy per node, J.</summary>
    public Counter NodeEnergy { get; }

    /// <summary>Energy per feed, J.</summary>
    public Counter FeedEnergy { get; }

    /// <summary>Power per node, W.</summary>
    public Gauge NodePower { get; }

    /// <summary>Power per feed, W.</summary>
    public Gauge FeedPower { get; }

    /// <summary>Last accepted message per device, Unix s.</summary>
    public Gauge DeviceLastSeen { get; }
    /// <summary>Accepted channel readings.</summary>
    public Counter Readings { get; }
    /// <summary>Windows placed on estimated or receive time.</summary>
    public Counter TimeFallbacks { get; }
    /// <summary>Readings of unmapped channels.</summary>
    public Counter Unmapped { get; }
    /// <summary>Batch processing time.</summary>
    public Histogram BatchSeconds { get; }
    /// <summary>Outbox depth in batches.</summary>
    public Gauge OutboxBatches { get; }
    /// <summary>Outbox depth in bytes.</summary>
    public Gauge OutboxBytes { get; }
    /// <summary>Outbox oldest age.</summary>
    public Gauge OutboxOldestAge { get; }
    /// <summary>Outbox at its bound.</summary>
    public Gauge OutboxFull { get; }
    /// <summary>Sink write latency.</summary>
    public Histogram SinkSeconds { get; }
    /// <summary>Sink errors.</summary>
    public Counter SinkErrors { get; }
    /// <summary>Devices online.</summary>
    public Gauge DevicesOnline { get; }
    /// <summary>Devices known.</summary>
    public Gauge DevicesKnown { get; }
    /// <summary>Dead letters kept.</summary>
    public Gauge DeadLetters { get; }
    /// <summary>Broker drops.</summary>
    public Counter BrokerDropped { get; }
    /// <summary>Publishes held by flow control.</summary>
    public Counter BrokerHeld { get; }
    /// <summary>Publishes refused because too many were held.</summary>
    public Counter BrokerHeldRefused { get; }
    /// <summary>Publishes held now.</summary>
    public Gauge BrokerWaiting { get; }
    /// <summary>Messages queued to the collector and not yet acknowledged.</summary>
    public Gauge CollectorOutstanding { get; }
    /// <summary>Their payload bytes.</summary>
    public Gauge CollectorOutstandingBytes { get; }
    /// <summary>Connections the subscriber lost.</summary>
    public Counter SubscriberDisconnects { get; }
    /// <summary>Broker refusals.</summary>
    public Counter BrokerRefused { get; }
    /// <summary>Readings by interval outcome.</summary>
    public Counter IntervalOutcomes { get; }
    /// <summary>Energy counted toward no node, mJ, by reason.</summary>
    public Counter EnergyDropped { get; }
    /// <summary>Items set aside (a message, job event or point that failed) instead of stopping ingest.</summary>
    public Counter ItemsRefused { get; }

    /// <summary>Quarantined energy, mJ, by reason.</summary>
    public Counter EnergyQuarantined { get; }
    /// <summary>New device lives, by reason.</summary>
    public Counter DeviceLives { get; }

    /// <summary>The collector's version (the assembly's informational version, without a source revision suffix).</summary>
    public static string BuildVersion { get; } =
        (typeof(CollectorMetrics).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown").Split('+')[0];

    /// <summary>The Prometheus text exposition of every metric.</summary>
    public async Task<string> ExportAsync()
    {
        using var stream = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
