namespace Metering.Collector.Intervals;

/// <summary>
/// Everything the interval stage remembers about one channel: the baseline (the last trusted reading), a reading held
/// back while its counter is in doubt, and the counts. Small and serializable (System.Text.Json round-trips it), so
/// the collector can persist it with its outbox and resume after a restart; processing the same readings from the
/// same state gives the same outputs. The members after <paramref name="Counts"/> were added later: a state saved
/// without them reads as before (life 0, nothing held, device time and power unknown).
/// </summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="ChannelId">Channel id within the device.</param>
/// <param name="Boot">Boot counter of the baseline.</param>
/// <param name="Sequence">Sequence number of the baseline.</param>
/// <param name="Epoch">Counter epoch of the baseline.</param>
/// <param name="CounterMillijoules">The baseline counter, mJ: the next interval's energy is measured from it.</param>
/// <param name="EndMs">End of the channel's timeline, ms since the Unix epoch (UTC): the next interval or gap starts here.</param>
/// <param name="Counts">What happened to the channel's readings so far.</param>
/// <param name="Life">The device life of the baseline (<c>AcceptedReading.Life</c>).</param>
/// <param name="DeviceEndMs">The baseline's window end on the device clock, ms; 0 when unknown.</param>
/// <param name="PowerMaxMilliwatts">The baseline window's <c>p_max_mw</c>; null when it had no sample or is unknown.</param>
/// <param name="Held">A later reading of the baseline's epoch whose counter went below the baseline's, held until the next reading decides.</param>
public sealed record ChannelState(
    string DeviceId,
    int ChannelId,
    long Boot,
    long Sequence,
    long Epoch,
    long CounterMillijoules,
    long EndMs,
    ChannelCounts Counts,
    long Life = 0,
    long DeviceEndMs = 0,
    long? PowerMaxMilliwatts = null,
    HeldReading? Held = null)
{
    /// <summary>The channel this state belongs to.</summary>
    public ChannelKey Channel => new(DeviceId, ChannelId);
}

/// <summary>
/// A reading whose counter went below the baseline's within its epoch: neither trusted nor refused yet. If the next
/// reading of the epoch is back at or above the baseline, this one was a glitch and is quarantined; if the next one
/// continues from it, the counter really restarted and it becomes the baseline after a gap.
/// </summary>
/// <param name="Boot">Its boot.</param>
/// <param name="Sequence">Its sequence.</param>
/// <param name="CounterMillijoules">Its counter, mJ.</param>
/// <param name="EndMs">Its end on the collector's timeline, ms.</param>
/// <param name="DeviceEndMs">Its end on the device clock, ms; 0 when unknown.</param>
/// <param name="PowerMaxMilliwatts">Its <c>p_max_mw</c>, null when absent.</param>
public sealed record HeldReading(long Boot, long Sequence, long CounterMillijoules, long EndMs, long DeviceEndMs, long? PowerMaxMilliwatts);

/// <summary>Per-channel counts of reading outcomes, for metrics and <c>metering</c> health reports.</summary>
/// <param name="Readings">Readings seen, duplicates and late ones included.</param>
/// <param name="Intervals">Intervals emitted (normal and bridged).</param>
/// <param name="Bridged">Bridged intervals among them.</param>
/// <param name="NewEpochs">Changes of epoch met (bridged by lineage or a gap).</param>
/// <param name="CounterBackwards">Readings whose counter went below the baseline's within an epoch (each held).</param>
/// <param name="Duplicates">Readings with the same (boot, seq) as the last accepted one.</param>
/// <param name="Late">Readings older than the last accepted one.</param>
/// <param name="ClockBackwards">Accepted readings whose end lay before the channel's timeline end (clamped there).</param>
/// <param name="NewLives">New device lives met (each a gap).</param>
/// <param name="Quarantined">Quarantines: glitches set aside and impossible intervals refused.</param>
/// <param name="QuarantinedMillijoules">Energy the device's counter differences claimed and the collector refused, mJ.</param>
public sealed record ChannelCounts(
    long Readings,
    long Intervals,
    long Bridged,
    long NewEpochs,
    long CounterBackwards,
    long Duplicates,
    long Late,
    long ClockBackwards,
    long NewLives = 0,
    long Quarantined = 0,
    long QuarantinedMillijoules = 0)
{
    /// <summary>All zero.</summary>
    public static readonly ChannelCounts Zero = new(0, 0, 0, 0, 0, 0, 0, 0);
}
