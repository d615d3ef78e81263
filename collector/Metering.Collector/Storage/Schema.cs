using System.Globalization;
using Metering.Collector.Ingest;
using Metering.Collector.Nodes;
using Metering.Protocol;

namespace Metering.Collector.Storage;

/// <summary>
/// The stored schema, once (collector README, "Schema"): every measurement, its tags (the series identity) and
/// fields (with units in their names). Point builders for what ingest produces; the README's example line protocol
/// is asserted against these builders.
/// </summary>
public static partial class Schema
{
    /// <summary>One channel's reading per telemetry window.</summary>
    public const string ChannelReading = "channel_reading";

    /// <summary>The energy between two consecutive readings of one channel counter.</summary>
    public const string ChannelInterval = "channel_interval";

    /// <summary>Time a channel was not metered (a new epoch, a counter that went backwards).</summary>
    public const string ChannelGap = "channel_gap";

    /// <summary>A node's energy per aligned bucket: the sum of its wall feeds.</summary>
    public const string NodeEnergy = "node_energy";

    /// <summary>A device's status (birth, periodic health, last will).</summary>
    public const string DeviceStatus = "device_status";

    /// <summary>A device's event.</summary>
    public const string DeviceEvent = "device_event";

    /// <summary>The collector's own health, every 10 s.</summary>
    public const string CollectorHealth = "collector_health";

    /// <summary>The <c>channel_reading</c> point of an accepted reading, at its window end.</summary>
    public static Point Reading(AcceptedReading r)
    {
        var fields = new List<Field>(13)
        {
            new("energy_mj", r.EnergyMillijoules),
            new("epoch", r.Epoch),
            new("boot", r.Boot),
            new("seq", r.Sequence),
            new("window_ms", r.EndMs - r.StartMs),
            new("samples", (long)r.SampleCount),
            new("errors", (long)r.ErrorCount),
            new("time_source", TimeSourceName(r.TimeSource)),
        };
        Add(fields, "p_mean_mw", r.PowerMeanMilliwatts);
        Add(fields, "p_min_mw", r.PowerMinMilliwatts);
        Add(fields, "p_max_mw", r.PowerMaxMilliwatts);
        Add(fields, "v_mean_mv", r.VoltageMeanMillivolts);
        Add(fields, "i_mean_ma", r.CurrentMeanMilliamps);
        return new Point(ChannelReading, ChannelTags(r.DeviceId, r.ChannelId, r.Kind), fields, r.EndMs);
    }

    /// <summary>The <c>device_status</c> point of a status message received at <paramref name="receivedMs"/>.</summary>
    public static Point Status(StatusMessage s, long receivedMs)
    {
        var fields = new List<Field> { new("state", s.State == DeviceState.Online ? "online" : "offline") };
        if (s.FirmwareVersion is not null) fields.Add(new("fw", s.FirmwareVersion));
        AddIfPresent(fields, "boot", s.Boot);
        AddIfPresent(fields, "uptime_s", s.UptimeSeconds);
        AddIfPresent(fields, "config_rev", s.ConfigRev);
        AddIfPresent(fields, "heap_free_b", s.HeapFreeBytes);
        if (s.RssiDbm != StatusMessage.Absent) fields.Add(new("rssi_dbm", (long)s.RssiDbm));
        AddIfPresent(fields, "reconnects", s.Reconnects);
        AddIfPresent(fields, "queue_depth", s.QueueDepth);
        AddIfPresent(fields, "queue_dropped", s.QueueDropped);
        if (s.Channels is { Length: > 0 } channels)
        {
            fields.Add(new("channel_errors", channels.Sum(c => c.ErrorCount)));
            var faults = string.Join(' ', channels.Where(c => c.Fault is not null).Select(c => $"{c.ChannelId}:{c.Fault}"));
            if (faults.Length > 0) fields.Add(new("faults", faults));
        }

        return new Point(DeviceStatus, [new Tag("device", s.DeviceId)], fields, receivedMs);
    }

    /// <summary>The <c>device_event</c> point of an event: at the device time when synced, else at the receive time.</summary>
    public static Point Event(EventMessage e, long receivedMs)
    {
        var fields = new List<Field> { new("boot", e.Boot), new("device_time_ms", e.TimeMs), new("synced", e.ClockSynced) };
        if (e.Channel >= 0) fields.Add(new("channel", (long)e.Channel));
        if (e.Rev >= 0) fields.Add(new("rev", e.Rev));
        if (e.Detail is not null) fields.Add(new("detail", e.Detail));
        return new Point(DeviceEvent, [new Tag("device", e.DeviceId), new Tag("kind", e.Kind)], fields, e.ClockSynced ? e.TimeMs : receivedMs);
    }

    /// <summary>The <c>channel_interval</c> point: energy between two readings of one counter, at the interval's end.</summary>
    public static Point Interval(Intervals.ChannelInterval i, long timestampMs)
    {
        var duration = i.EndMs - i.StartMs;
        var fields = new List<Field>(7)
        {
            new("energy_mj", i.EnergyMillijoules),
            new("duration_ms", duration),
            new("epoch", i.Epoch),
            new("bridged", i.Bridged),
            new("time_source", TimeSourceName(i.TimeSource)),
        };
        if (duration > 0)
        {
            fields.Add(new("p_mean_mw", i.EnergyMillijoules * 1000 / duration));
        }

        if (i.Bridged)
        {
            fields.Add(new("bridge_reason", i.Bridge.ToString().ToLowerInvariant()));
        }

        return new Point(ChannelInterval, IntervalTags(i.DeviceId, i.ChannelId), fields, timestampMs);
    }

    /// <summary>The <c>channel_gap</c> point: unmetered time of a channel, at the gap's end.</summary>
    public static Point Gap(Intervals.ChannelGap g) =>
        new(ChannelGap, IntervalTags(g.DeviceId, g.ChannelId),
            [new Field("duration_ms", g.EndMs - g.StartMs), new Field("reason", Intervals.GapReasons.Token(g.Reason))], g.EndMs);

    /// <summary>The <c>node_energy</c> point of a bucket (at its start) and one <c>feed_energy</c> point per feed.</summary>
    public static IEnumerable<Point> Node(Nodes.NodeEnergy n)
    {
        var tags = new[] { new Tag("node", n.NodeId), new Tag("site", n.SiteId) };
        yield return new Point(NodeEnergy, tags,
        [
            new Field("energy_mj", n.EnergyMillijoules),
            new Field("p_mean_mw", n.PowerMeanMilliwatts),
            new Field("width_ms", n.WidthMs),
            new Field("coverage", n.Coverage),
            new Field("bridged_share", n.BridgedShare),
            new Field("complete", n.Complete),
            new Field("revision", (long)n.Revision),
        ], n.BucketStartMs);
        foreach (var f in n.Feeds)
        {
            yield return new Point(FeedEnergy, [new Tag("feed", f.FeedId), new Tag("node", n.NodeId), new Tag("role", f.Role.Token()), new Tag("site", n.SiteId)],
                [new Field("energy_mj", f.EnergyMillijoules), new Field("covered_ms", f.CoveredMs), new Field("bridged_ms", f.BridgedMs)], n.BucketStartMs);
        }
    }

    /// <summary>One feed's energy per bucket (wall feeds and submeters).</summary>
    /// <summary>
    /// The <c>collector_health</c> point: the collector's own counters and gauges (as /health and /metrics show them),
    /// tagged with the host that runs it, written every minute so dashboards beside the data can show its health.
    /// </summary>
    public static Point Health(string collector, Api.HealthReport h, long messages, long rejected, long duplicates, long readings, long deadLetters, long timestampMs) =>
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

    public const string FeedEnergy = "feed_energy";

    private static IReadOnlyList<Tag> IntervalTags(string device, int channel) =>
        [new Tag("channel", channel.ToString(CultureInfo.InvariantCulture)), new Tag("device", device)];

    /// <summary>The tags of a channel's series: device, channel id, sensor kind.</summary>
    public static IReadOnlyList<Tag> ChannelTags(string device, int channel, SensorKind kind) =>
        [new Tag("channel", channel.ToString(CultureInfo.InvariantCulture)), new Tag("device", device), new Tag("kind", SensorKinds.Name(kind))];

    /// <summary>device, estimated or receive.</summary>
    public static string TimeSourceName(TimeSource source) => source switch
    {
        TimeSource.Device => "device",
        TimeSource.Estimated => "estimated",
        _ => "receive",
    };

    private static void Add(List<Field> fields, string key, int? value)
    {
        if (value is { } v)
        {
            fields.Add(new(key, (long)v));
        }
    }

    private static void AddIfPresent(List<Field> fields, string key, long value)
    {
        if (value >= 0)
        {
            fields.Add(new(key, value));
        }
    }
}
