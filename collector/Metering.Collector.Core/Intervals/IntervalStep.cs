namespace Metering.Collector.Intervals;

/// <summary>
/// The result of one reading: what happened, the channel's new state, at most one interval and one gap (a gap then an
/// interval when a held reading is confirmed, each starting where the previous one ends), and what was quarantined.
/// </summary>
/// <param name="Outcome">What the reading did.</param>
/// <param name="State">The channel's state after the reading (the input state, counts updated, when ignored).</param>
/// <param name="Interval">The interval the reading closed.</param>
/// <param name="Gap">The unmetered or quarantined gap it reports.</param>
/// <param name="Quarantined">Energy refused by this step, by reason (empty almost always).</param>
public sealed record IntervalStep(ReadingOutcome Outcome, ChannelState State, ChannelInterval? Interval, ChannelGap? Gap, IReadOnlyList<ChannelQuarantine> Quarantined)
{
    /// <summary>A step that quarantined nothing.</summary>
    public IntervalStep(ReadingOutcome outcome, ChannelState state, ChannelInterval? interval, ChannelGap? gap)
        : this(outcome, state, interval, gap, [])
    {
    }

    /// <summary>Energy this step quarantined, mJ.</summary>
    public long QuarantinedMillijoules => Quarantined.Sum(q => q.EnergyMillijoules);

    /// <summary>Equal when every member is, the quarantines compared item by item (a replay gives an equal step).</summary>
    public bool Equals(IntervalStep? other) =>
        other is not null && Outcome == other.Outcome && State == other.State && Interval == other.Interval && Gap == other.Gap
        && Quarantined.SequenceEqual(other.Quarantined);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Outcome, State, Interval, Gap, Quarantined.Count);
}
