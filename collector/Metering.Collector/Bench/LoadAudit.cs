using System.Globalization;
using Metering.Collector.Ingest;
using Metering.Collector.Intervals;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using Metering.Simulation.Fleet;

namespace Metering.Collector.Bench;

/// <summary>What one meter did, read from its firmware core after its power was cut.</summary>
/// <param name="DeviceId">The device.</param>
/// <param name="Boot">Its boot counter.</param>
/// <param name="WindowsClosed">Windows it closed: sequences 0 .. WindowsClosed - 1.</param>
/// <param name="DroppedOnDevice">Windows its full store-and-forward dropped (oldest first).</param>
/// <param name="LeftOnDevice">Windows still in its store-and-forward at power-off, never acknowledged.</param>
/// <param name="LastAcknowledged">The sequence up to which every window was acknowledged or dropped; -1 before any.</param>
internal sealed record DeviceOutcome(string DeviceId, long Boot, long WindowsClosed, long DroppedOnDevice, long LeftOnDevice, long LastAcknowledged);

/// <summary>
/// The load benchmark's accounting, from what the collector stored (its SQLite store) against what each meter did:
/// every window a meter closed is stored (a <c>channel_reading</c>), bridged (missing between two stored ones, so the
/// next stored counter covers it), or was still on the meter at power-off; anything else is lost. Per channel, the
/// stored intervals (bridged ones included) must add up exactly to the last stored counter minus the first, and the
/// first stored window must be the meter's first.
/// </summary>
internal static class LoadAudit
{
    /// <summary>Meters whose stored energy is compared with the simulated world's truth (integrating it is slow: seconds per meter).</summary>
    public const int TruthSample = 100;

    /// <summary>Audits every device of <paramref name="devices"/> in the store at <paramref name="storePath"/>.</summary>
    public static async Task<LoadAccounting> RunAsync(string storePath, IReadOnlyList<DeviceOutcome> devices, FleetSimulator fleet, CancellationToken cancel)
    {
        using var store = new SqliteSink(new SqliteSinkSettings { Path = storePath });
        var a = new LoadAccounting();
        for (var i = 0; i < devices.Count; i++)
        {
            var device = devices[i];
            var tags = new Dictionary<string, string> { ["device"] = device.DeviceId };
            var readings = await store.QueryAsync(IngestPoints.ChannelReading, tags, 0, long.MaxValue, cancel).ConfigureAwait(false);
            var intervals = await store.QueryAsync(IntervalPoints.ChannelInterval, tags, 0, long.MaxValue, cancel).ConfigureAwait(false);
            var gaps = await store.QueryAsync(IntervalPoints.ChannelGap, tags, 0, long.MaxValue, cancel).ConfigureAwait(false);
            var statuses = await store.QueryAsync(IngestPoints.DeviceStatus, tags, 0, long.MaxValue, cancel).ConfigureAwait(false);
            var overflows = await store.QueryAsync(IngestPoints.DeviceEvent, new Dictionary<string, string>(tags) { ["kind"] = "queue_overflow" }, 0, long.MaxValue, cancel)
                .ConfigureAwait(false);
            Windows(a, device, readings);
            foreach (var channel in readings.GroupBy(p => p.Tag("channel")!))
            {
                Energy(a, i < TruthSample ? fleet : null, device.DeviceId, channel.Key, [.. channel], [.. intervals.Where(p => p.Tag("channel") == channel.Key)]);
            }

            foreach (var gap in gaps)
            {
                var reason = (string?)gap.Field("reason") ?? "?";
                a.Gaps[reason] = a.Gaps.GetValueOrDefault(reason) + 1;
            }

            a.DroppedOnDevices += device.DroppedOnDevice;
            a.DroppedReportedInStatus += statuses.Count == 0 ? 0 : Long(statuses[^1], "queue_dropped");
            a.QueueOverflowEvents += overflows.Count;
        }

        return a;
    }

    private static void Windows(LoadAccounting a, DeviceOutcome device, IReadOnlyList<Point> readings)
    {
        var stored = readings.Where(p => Long(p, "boot") == device.Boot).Select(p => Long(p, "seq")).ToHashSet();
        a.OtherBoots += readings.Count(p => Long(p, "boot") != device.Boot);
        a.WindowsClosed += device.WindowsClosed;
        if (stored.Count == 0)
        {
            a.AcknowledgedNotStored += device.LastAcknowledged + 1;
            a.LeftOnDevices += device.WindowsClosed - (device.LastAcknowledged + 1);
            return;
        }

        var (first, last) = (stored.Min(), stored.Max());
        a.Stored += stored.Count;
        a.Bridged += last - first + 1 - stored.Count;
        a.LostBeforeFirst += first;
        if (first > 0)
        {
            a.DevicesMissingFirstWindows++;
        }

        a.AcknowledgedNotStored += Math.Max(0, device.LastAcknowledged - last);
        a.LeftOnDevices += device.WindowsClosed - 1 - Math.Max(last, device.LastAcknowledged);
    }

    private static void Energy(LoadAccounting a, FleetSimulator? fleet, string device, string channel, List<Point> readings, List<Point> intervals)
    {
        var ordered = readings.OrderBy(p => Long(p, "boot")).ThenBy(p => Long(p, "seq")).ToList();
        var (first, last) = (ordered[0], ordered[^1]);
        var counted = Long(last, "energy_mj") - Long(first, "energy_mj");
        var stored = intervals.Sum(p => Long(p, "energy_mj"));
        a.Channels++;
        a.StoredMillijoules += stored;
        a.BridgedIntervals += intervals.Count(p => p.Field("bridged") is true);
        if (stored != counted)
        {
            a.EnergyMismatches++;
            a.MismatchMillijoules += counted - stored;
            if (a.MismatchExamples.Count < 5)
            {
                a.MismatchExamples.Add($"{device}/{channel}: stored {stored} mJ, counters say {counted} mJ");
            }
        }

        if (fleet is not null)
        {
            a.TruthSampleMillijoules += stored;
            a.TruthJoules += fleet.TruthJoules(device, int.Parse(channel, CultureInfo.InvariantCulture), first.TimestampMs, last.TimestampMs);
        }
    }

    private static long Long(Point p, string field) => p.Field(field) is long v ? v : 0;
}

/// <summary>The load benchmark's accounting figures (<see cref="LoadAudit"/>).</summary>
internal sealed class LoadAccounting
{
    /// <summary>Windows the meters closed.</summary>
    public long WindowsClosed { get; set; }

    /// <summary>Windows stored (their readings are in the store).</summary>
    public long Stored { get; set; }

    /// <summary>Windows missing between two stored windows of their meter: the next stored counter covers them.</summary>
    public long Bridged { get; set; }

    /// <summary>Windows still on the meters at power-off, never acknowledged.</summary>
    public long LeftOnDevices { get; set; }

    /// <summary>Windows before their meter's first stored one: lost (the review's finding).</summary>
    public long LostBeforeFirst { get; set; }

    /// <summary>Meters whose first stored window is not their first.</summary>
    public int DevicesMissingFirstWindows { get; set; }

    /// <summary>Windows acknowledged to their meter after its last stored one: lost.</summary>
    public long AcknowledgedNotStored { get; set; }

    /// <summary>Readings of another boot than the meter's (none expected).</summary>
    public long OtherBoots { get; set; }

    /// <summary>Windows the meters dropped from a full store-and-forward (each bridged or left, never lost).</summary>
    public long DroppedOnDevices { get; set; }

    /// <summary>The same as the meters last reported it in their status (queue_dropped; reported every minute).</summary>
    public long DroppedReportedInStatus { get; set; }

    /// <summary>queue_overflow events stored.</summary>
    public long QueueOverflowEvents { get; set; }

    /// <summary>Channels audited.</summary>
    public long Channels { get; set; }

    /// <summary>Channels whose stored intervals do not add up to their last counter minus their first.</summary>
    public long EnergyMismatches { get; set; }

    /// <summary>The counters' total minus the intervals' total over those channels.</summary>
    public long MismatchMillijoules { get; set; }

    /// <summary>A few of them.</summary>
    public List<string> MismatchExamples { get; } = [];

    /// <summary>Intervals stored with bridged=true.</summary>
    public long BridgedIntervals { get; set; }

    /// <summary>Energy in the stored intervals.</summary>
    public long StoredMillijoules { get; set; }

    /// <summary>Energy stored for the first <see cref="LoadAudit.TruthSample"/> meters.</summary>
    public long TruthSampleMillijoules { get; set; }

    /// <summary>The simulated world's exact energy for them over the same spans (first to last stored window of each channel).</summary>
    public double TruthJoules { get; set; }

    /// <summary>channel_gap records by reason.</summary>
    public Dictionary<string, long> Gaps { get; } = new(StringComparer.Ordinal);

    /// <summary>Windows lost in all: before a meter's first stored one, or acknowledged and never stored.</summary>
    public long Lost => LostBeforeFirst + AcknowledgedNotStored;

    /// <summary>True when every window is stored, bridged or was left on its meter, every joule is accounted for, and no gap appeared.</summary>
    public bool Holds => Lost == 0 && OtherBoots == 0 && EnergyMismatches == 0 && Gaps.Count == 0
        && Stored + Bridged + LeftOnDevices == WindowsClosed;
}
