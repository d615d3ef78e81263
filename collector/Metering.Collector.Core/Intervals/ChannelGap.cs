namespace Metering.Collector.Intervals;

/// <summary>
/// Unmetered time on a channel: between [<see cref="StartMs"/>, <see cref="EndMs"/>] no energy can be derived from
/// the counters (ARCHITECTURE.md, invariant 1: a broken counter is never read as negative energy), or the energy they
/// claim is impossible and was quarantined. The reading that ends the gap is the new baseline.
/// </summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="ChannelId">Channel id within the device.</param>
/// <param name="StartMs">The last baseline's end, ms since the Unix epoch (UTC).</param>
/// <param name="EndMs">The new baseline's end (its counter is read there), ms since the Unix epoch (UTC).</param>
/// <param name="Reason">Why the counter cannot be followed.</param>
/// <param name="PreviousEpoch">Epoch of the last baseline.</param>
/// <param name="Epoch">Epoch of the new baseline.</param>
/// <param name="PreviousCounterMillijoules">Counter of the last baseline, mJ.</param>
/// <param name="CounterMillijoules">Counter of the new baseline, mJ.</param>
/// <param name="Boot">Boot counter of the new baseline.</param>
/// <param name="Sequence">Sequence number of the new baseline.</param>
/// <param name="QuarantinedMillijoules">For a quarantine gap (<c>above_*</c>), the energy the counters claimed over it, refused, mJ; else 0.</param>
public sealed record ChannelGap(
    string DeviceId,
    int ChannelId,
    long StartMs,
    long EndMs,
    GapReason Reason,
    long PreviousEpoch,
    long Epoch,
    long PreviousCounterMillijoules,
    long CounterMillijoules,
    long Boot,
    long Sequence,
    long QuarantinedMillijoules = 0)
{
    /// <summary>Length of the gap, ms.</summary>
    public long DurationMs => EndMs - StartMs;
}
