using System.Globalization;
using Metering.Collector.Points;
using Metering.Protocol;

namespace Metering.Collector.Ingest;

/// <summary>
/// The points ingest writes (collector README, "Schema"): one <c>channel_reading</c> per accepted reading, and the
/// devices' status and events. Pure: the same message gives the same points, so a replay overwrites itself.
/// </summary>
public static class IngestPoints
{
    /// <summary>One channel's reading per telemetry window.</summary>
    public const string ChannelReading = "channel_reading";

    /// <summary>A device's status (birth, periodic health, last will).</summary>
    public const string DeviceStatus = "device_status";

    /// <summary>A device's event.</summary>
    public const string DeviceEvent = "device_event";

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
        fields.AddOptional("p_mean_mw", r.PowerMeanMilliwatts);
        fields.AddOptional("p_min_mw", r.PowerMinMilliwatts);
        fields.AddOptional("p_max_mw", r.PowerMaxMilliwatts);
        fields.AddOptional("v_mean_mv", r.VoltageMeanMillivolts);
        fields.AddOptional("i_mean_ma", r.CurrentMeanMilliamps);
        fields.AddIfPresent("prev_epoch", r.PreviousEpoch ?? -1);
        fields.AddIfPresent("prev_energy_mj", r.PreviousEnergyMillijoules ?? -1);
        fields.AddIfPresent("incarnation", r.Incarnation);
        return new Point(ChannelReading, ChannelTags(r.DeviceId, r.ChannelId, r.Kind), fields, r.EndMs);
    }

    /// <summary>The <c>device_status</c> point of a status message received at <paramref name="receivedMs"/>.</summary>
    public static Point Status(StatusMessage s, long receivedMs)
    {
        var fields = new List<Field> { new("state", s.State == DeviceState.Online ? "online" : "offline") };
        if (s.FirmwareVersion is not null) fields.Add(new("fw", s.FirmwareVersion));
        fields.AddIfPresent("incarnation", s.Incarnation);
        fields.AddIfPresent("boot", s.Boot);
        fields.AddIfPresent("uptime_s", s.UptimeSeconds);
        fields.AddIfPresent("config_rev", s.ConfigRev);
        fields.AddIfPresent("heap_free_b", s.HeapFreeBytes);
        if (s.RssiDbm != StatusMessage.Absent) fields.Add(new("rssi_dbm", (long)s.RssiDbm));
        fields.AddIfPresent("reconnects", s.Reconnects);
        fields.AddIfPresent("queue_depth", s.QueueDepth);
        fields.AddIfPresent("queue_dropped", s.QueueDropped);
        if (s.Channels is { Length: > 0 } channels)
        {
            fields.Add(new("channel_errors", channels.Sum(c => c.ErrorCount)));
            var faults = string.Join(' ', channels.Where(c => c.Fault is not null).Select(c => $"{c.ChannelId}:{c.Fault}"));
            if (faults.Length > 0) fields.Add(new("faults", faults));
        }

        return new Point(DeviceStatus, [new Tag("device", s.DeviceId)], fields, receivedMs);
    }

    /// <summary>
    /// The <c>device_event</c> point of an event: at the device time when synced, else at <paramref name="unsyncedMs"/>
    /// (ingest's placement: its boot's start plus its uptime, or its receive time; <see cref="IngestOutcome.PlacedMs"/>).
    /// </summary>
    public static Point Event(EventMessage e, long unsyncedMs)
    {
        var fields = new List<Field> { new("boot", e.Boot), new("device_time_ms", e.TimeMs), new("synced", e.ClockSynced) };
        if (e.Channel >= 0) fields.Add(new("channel", (long)e.Channel));
        if (e.Rev >= 0) fields.Add(new("rev", e.Rev));
        if (e.Detail is not null) fields.Add(new("detail", e.Detail));
        return new Point(DeviceEvent, [new Tag("device", e.DeviceId), new Tag("kind", e.Kind)], fields, e.ClockSynced ? e.TimeMs : unsyncedMs);
    }

    /// <summary>
    /// The <c>device_event</c> the collector writes when a device starts a new life (kind <c>new_life</c>), at the
    /// placed end of the new life's first window: why, the new life's ordinal and incarnation, the boot it started in.
    /// </summary>
    public static Point NewLife(DeviceLife life, long timestampMs)
    {
        var fields = new List<Field>
        {
            new("boot", life.Boot), new("device_time_ms", life.DeviceTimeMs), new("synced", life.Synced),
            new("detail", $"new device life ({life.Reason}): {life.Detail}"), new("life", life.Life),
        };
        fields.AddIfPresent("incarnation", life.Incarnation);
        return new Point(DeviceEvent, [new Tag("device", life.DeviceId), new Tag("kind", DeviceLife.EventKind)], fields, timestampMs);
    }

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
}
