using Metering.Collector.Ingest;

namespace Metering.Collector.Intervals;

/// <summary>
/// Energy a channel measured over [<see cref="StartMs"/>, <see cref="EndMs"/>]: the difference of two readings of the
/// same counter epoch, or across a change of epoch by the new epoch's lineage (<see cref="BridgeReason.Lineage"/>). Intervals of one channel never overlap and follow one another in time; their energies are
/// never negative. Identified by the channel and the (boot, seq) of the reading that closed it.
/// </summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="ChannelId">Channel id within the device.</param>
/// <param name="Epoch">The counter epoch of the closing reading (both readings', unless bridged by lineage).</param>
/// <param name="StartMs">The previous reading's end, ms since the Unix epoch (UTC).</param>
/// <param name="EndMs">This reading's end, ms since the Unix epoch (UTC); never before <paramref name="StartMs"/>.</param>
/// <param name="EnergyMillijoules">Counter difference, mJ, at least 0.</param>
/// <param name="Bridge">Why the interval spans a gap, or <see cref="BridgeReason.None"/>.</param>
/// <param name="Boot">Boot counter of the closing reading.</param>
/// <param name="Sequence">Sequence number of the closing reading.</param>
/// <param name="TimeSource">Where the closing reading's timestamps came from.</param>
public sealed record ChannelInterval(
    string DeviceId,
    int ChannelId,
    long Epoch,
    long StartMs,
    long EndMs,
    long EnergyMillijoules,
    BridgeReason Bridge,
    long Boot,
    long Sequence,
    TimeSource TimeSource)
{
    /// <summary>
    /// The closing window's sampled maximum power, mW (the reading's <c>p_max_mw</c>): an upper bound of the channel's
    /// power over the interval. Null for a bridged interval (the last window's maximum says nothing of the gap) and for
    /// a reading without samples.
    /// </summary>
    public long? PowerMaxMilliwatts { get; init; }

    /// <summary>True when the interval bridges a gap (its energy is exact, its time resolution coarse).</summary>
    public bool Bridged => Bridge != BridgeReason.None;

    /// <summary>Length of the interval, ms.</summary>
    public long DurationMs => EndMs - StartMs;

    /// <summary>The channel the interval belongs to.</summary>
    public ChannelKey Channel => new(DeviceId, ChannelId);
}
