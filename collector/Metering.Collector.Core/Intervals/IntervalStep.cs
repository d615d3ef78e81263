namespace Metering.Collector.Intervals;

/// <summary>The result of one reading: what happened, the channel's new state, and at most one interval or gap.</summary>
/// <param name="Outcome">What the reading did.</param>
/// <param name="State">The channel's state after the reading (the input state, counts updated, when ignored).</param>
/// <param name="Interval">The interval the reading closed (<see cref="ReadingOutcome.Interval"/>, <see cref="ReadingOutcome.Bridged"/>).</param>
/// <param name="Gap">The unmetered gap it reports (<see cref="ReadingOutcome.NewEpoch"/>, <see cref="ReadingOutcome.CounterBackwards"/>).</param>
public sealed record IntervalStep(ReadingOutcome Outcome, ChannelState State, ChannelInterval? Interval, ChannelGap? Gap);
