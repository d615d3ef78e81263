using System.Globalization;
using Metering.Collector.Ingest;
using Metering.Collector.Points;

namespace Metering.Collector.Intervals;

/// <summary>The points the interval stage writes (collector README, "Schema"): channel intervals and gaps.</summary>
public static class IntervalPoints
{
    /// <summary>The energy between two consecutive readings of one channel counter.</summary>
    public const string ChannelInterval = "channel_interval";

    /// <summary>Time a channel was not metered (a new epoch or life, a counter that restarted), or whose energy was quarantined.</summary>
    public const string ChannelGap = "channel_gap";

    /// <summary>The <c>channel_interval</c> point: energy between two readings of one counter, at the interval's end.</summary>
    public static Point Interval(ChannelInterval i, long timestampMs)
    {
        var duration = i.EndMs - i.StartMs;
        var fields = new List<Field>(7)
        {
            new("energy_mj", i.EnergyMillijoules),
            new("duration_ms", duration),
            new("epoch", i.Epoch),
            new("bridged", i.Bridged),
            new("time_source", IngestPoints.TimeSourceName(i.TimeSource)),
        };
        if (duration > 0)
        {
            fields.Add(new("p_mean_mw", i.EnergyMillijoules * 1000 / duration));
        }

        if (i.Bridged)
        {
            fields.Add(new("bridge_reason", i.Bridge.Token()));
        }

        return new Point(ChannelInterval, IntervalTags(i.DeviceId, i.ChannelId), fields, timestampMs);
    }

    /// <summary>The <c>channel_gap</c> point: unmetered or quarantined time of a channel, at the gap's end.</summary>
    public static Point Gap(ChannelGap g)
    {
        var fields = new List<Field>(3) { new("duration_ms", g.EndMs - g.StartMs), new("reason", GapReasons.Token(g.Reason)) };
        if (g.QuarantinedMillijoules > 0)
        {
            fields.Add(new("quarantined_mj", g.QuarantinedMillijoules));
        }

        return new(ChannelGap, IntervalTags(g.DeviceId, g.ChannelId), fields, g.EndMs);
    }

    private static IReadOnlyList<Tag> IntervalTags(string device, int channel) =>
        [new Tag("channel", channel.ToString(CultureInfo.InvariantCulture)), new Tag("device", device)];
}
