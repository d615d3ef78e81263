namespace Metering.Collector.Intervals;

/// <summary>
/// Everything the interval stage remembers about one channel: the baseline (the last accepted reading) and the
/// counts. Small and serializable (System.Text.Json round-trips it), so the collector can persist it with its
/// outbox and resume after a restart; processing the same readings from the same state gives the same outputs.
/// </summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="ChannelId">Channel id within the device.</param>
/// <param name="Boot">Boot counter of the last accepted reading.</param>
/// <param name="Sequence">Sequence number of the last accepted reading.</param>
/// <param name="Epoch">Counter epoch of the baseline.</param>
/// <param name="CounterMillijoules">The baseline counter, mJ: the next interval's energy is measured from it.</param>
/// <param name="EndMs">End of the channel's timeline, ms since the Unix epoch (UTC): the next interval or gap starts here.</param>
/// <param name="Counts">What happened to the channel's readings so far.</param>
public sealed record ChannelState(
    string DeviceId,
    int ChannelId,
    long Boot,
    long Sequence,
    long Epoch,
    long CounterMillijoules,
    long EndMs,
    ChannelCounts Counts)
{
    /// <summary>The channel this state belongs to.</summary>
    public ChannelKey Channel => new(DeviceId, ChannelId);
}

/// <summary>Per-channel counts of reading outcomes, for metrics and <c>metering</c> health reports.</summary>
/// <param name="Readings">Readings seen, duplicates and late ones included.</param>
/// <param name="Intervals">Intervals emitted (normal and bridged).</param>
/// <param name="Bridged">Bridged intervals among them.</param>
/// <param name="NewEpochs">New epochs met (each a gap).</param>
/// <param name="CounterBackwards">Counters that went backwards within an epoch (each a gap).</param>
/// <param name="Duplicates">Readings with the same (boot, seq) as the last accepted one.</param>
/// <param name="Late">Readings older than the last accepted one.</param>
/// <param name="ClockBackwards">Accepted readings whose end lay before the channel's timeline end (clamped there).</param>
public sealed record ChannelCounts(
    long Readings,
    long Intervals,
    long Bridged,
    long NewEpochs,
    long CounterBackwards,
    long Duplicates,
    long Late,
    long ClockBackwards)
{
    /// <summary>All zero.</summary>
    public static readonly ChannelCounts Zero = new(0, 0, 0, 0, 0, 0, 0, 0);
}
