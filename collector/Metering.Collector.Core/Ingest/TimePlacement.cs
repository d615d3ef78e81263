namespace Metering.Collector.Ingest;

/// <summary>
/// Puts a window on the collector's UTC timeline (README.md, "Time placement"). A synced device clock is trusted within
/// bounds: not more than <see cref="MaxAheadMs"/> ahead of the receive time (a device cannot report the future) and
/// not older than <see cref="MaxBacklogMs"/> (store-and-forward legitimately delivers old windows, but not weeks old).
/// An unsynced clock keeps correct durations from an arbitrary origin: a window with its uptime is placed at its boot's
/// start plus that uptime (<see cref="FromUptime"/>, the start from <see cref="BootStart"/>); one without (older
/// firmware) is shifted by the smallest receive-minus-device offset seen in this boot (the message that travelled
/// fastest bounds the offset best, as in NTP's minimum filter). Anything else falls back to the receive time.
/// </summary>
public sealed class TimePlacement
{
    /// <summary>How far ahead of the receive time a synced window end may be.</summary>
    public long MaxAheadMs { get; init; } = 120_000;

    /// <summary>How far behind the receive time a synced window end may be (store-and-forward backlog).</summary>
    public long MaxBacklogMs { get; init; } = 7L * 24 * 3600 * 1000;

    /// <summary>
    /// The corrected [start, end] and its source for a window reported as [<paramref name="startMs"/>,
    /// <paramref name="endMs"/>], received at <paramref name="receivedMs"/>. <paramref name="offset"/> is the
    /// per-boot minimum offset state (updated here for unsynced clocks).
    /// </summary>
    public (long StartMs, long EndMs, TimeSource Source) Place(long startMs, long endMs, bool synced, long receivedMs, ref long? offset)
    {
        var duration = endMs - startMs;
        if (synced && endMs <= receivedMs + MaxAheadMs && endMs >= receivedMs - MaxBacklogMs)
        {
            return (startMs, endMs, TimeSource.Device);
        }

        if (!synced)
        {
            var observed = receivedMs - endMs;
            offset = offset is null ? observed : Math.Min(offset.Value, observed);
            var end = endMs + offset.Value;
            return (end - duration, end, TimeSource.Estimated);
        }

        return (receivedMs - duration, receivedMs, TimeSource.Receive);
    }

    /// <summary>
    /// The [start, end] of an unsynced window of <paramref name="durationMs"/> that ended <paramref name="uptimeMs"/>
    /// after its boot started, at the latest, at <paramref name="bootStartMs"/> (<see cref="BootStart.Observe"/>).
    /// </summary>
    public static (long StartMs, long EndMs, TimeSource Source) FromUptime(long durationMs, long uptimeMs, long bootStartMs)
    {
        var end = bootStartMs + uptimeMs;
        return (end - durationMs, end, TimeSource.Estimated);
    }
}
