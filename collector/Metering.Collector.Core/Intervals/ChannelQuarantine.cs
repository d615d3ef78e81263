namespace Metering.Collector.Intervals;

/// <summary>
/// Energy the device's counter differences claimed and the collector refused (README.md, "Plausible counters"): a
/// glitch set aside, or an interval impossible for its duration. Never added to a node; the host dead-letters it and
/// counts its energy by reason. Per channel, stored interval energy + quarantined energy = the counter differences as
/// the device reported them (<c>QuarantinePropertyTests</c>).
/// </summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="ChannelId">Channel id.</param>
/// <param name="Reason"><see cref="GapReason.CounterBackwards"/>, <see cref="GapReason.AboveRatedPower"/> or <see cref="GapReason.AboveReportedPower"/>.</param>
/// <param name="EnergyMillijoules">The refused energy, mJ, at least 0.</param>
/// <param name="Boot">Boot of the reading concerned (the glitch, or the reading that closed the impossible interval).</param>
/// <param name="Sequence">Its sequence.</param>
/// <param name="Epoch">Its epoch.</param>
/// <param name="CounterMillijoules">Its counter, mJ.</param>
/// <param name="BaselineCounterMillijoules">The baseline's counter it was judged against, mJ.</param>
/// <param name="StartMs">Start of the time concerned (the baseline's end), ms.</param>
/// <param name="EndMs">End of the time concerned, ms.</param>
/// <param name="BoundMillijoules">For an impossible interval, the most energy its duration allowed, mJ; 0 for a glitch.</param>
public sealed record ChannelQuarantine(
    string DeviceId,
    int ChannelId,
    GapReason Reason,
    long EnergyMillijoules,
    long Boot,
    long Sequence,
    long Epoch,
    long CounterMillijoules,
    long BaselineCounterMillijoules,
    long StartMs,
    long EndMs,
    long BoundMillijoules);
