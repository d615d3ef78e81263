using Metering.Collector.Ingest;

namespace Metering.Collector.Intervals;

/// <summary>
/// The per-channel rules, as one pure function from (state, reading) to (outcome, new state, interval or gap).
/// No clock, no I/O: the same state and reading always give the same step. README.md states the rules.
/// </summary>
public static class ChannelIntervalRules
{
    /// <summary>
    /// Applies <paramref name="reading"/> to its channel's <paramref name="state"/> (null for a channel never seen).
    /// Throws <see cref="ArgumentException"/> when the state belongs to another channel.
    /// </summary>
    public static IntervalStep Step(ChannelState? state, AcceptedReading reading, IntervalOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reading);
        options ??= IntervalOptions.Default;
        if (state is null)
        {
            var first = Baseline(reading, reading.EndMs, ChannelCounts.Zero with { Readings = 1 });
            return new IntervalStep(ReadingOutcome.Baseline, first, null, null);
        }

        if (state.DeviceId != reading.DeviceId || state.ChannelId != reading.ChannelId)
        {
            throw new ArgumentException($"state of {state.Channel} given a reading of {reading.DeviceId}/{reading.ChannelId}", nameof(state));
        }

        var counts = state.Counts with { Readings = state.Counts.Readings + 1 };
        var order = CompareOrder(reading.Boot, reading.Sequence, state.Boot, state.Sequence);
        if (order == 0)
        {
            return new IntervalStep(ReadingOutcome.Duplicate, state with { Counts = counts with { Duplicates = counts.Duplicates + 1 } }, null, null);
        }

        if (order < 0)
        {
            return new IntervalStep(ReadingOutcome.Late, state with { Counts = counts with { Late = counts.Late + 1 } }, null, null);
        }

        // The channel's timeline never runs backwards: a reading that ends before the previous end (a clock
        // correction, a switch of time source) is clamped to it, so intervals never overlap.
        var end = Math.Max(reading.EndMs, state.EndMs);
        if (reading.EndMs < state.EndMs)
        {
            counts = counts with { ClockBackwards = counts.ClockBackwards + 1 };
        }

        if (reading.Epoch != state.Epoch)
        {
            counts = counts with { NewEpochs = counts.NewEpochs + 1 };
            return Broken(state, reading, end, counts, GapReason.NewEpoch, ReadingOutcome.NewEpoch);
        }

        if (reading.EnergyMillijoules < state.CounterMillijoules)
        {
            counts = counts with { CounterBackwards = counts.CounterBackwards + 1 };
            return Broken(state, reading, end, counts, GapReason.CounterBackwards, ReadingOutcome.CounterBackwards);
        }

        var bridge = Classify(state, reading, end, options);
        counts = counts with
        {
            Intervals = counts.Intervals + 1,
            Bridged = counts.Bridged + (bridge == BridgeReason.None ? 0 : 1),
        };
        var interval = new ChannelInterval(
            reading.DeviceId,
            reading.ChannelId,
            reading.Epoch,
            state.EndMs,
            end,
            reading.EnergyMillijoules - state.CounterMillijoules,
            bridge,
            reading.Boot,
            reading.Sequence,
            reading.TimeSource);
        var outcome = bridge == BridgeReason.None ? ReadingOutcome.Interval : ReadingOutcome.Bridged;
        return new IntervalStep(outcome, Baseline(reading, end, counts), interval, null);
    }

    /// <summary>Orders readings of one channel by (boot, seq): negative when the first is older.</summary>
    public static int CompareOrder(long boot, long sequence, long otherBoot, long otherSequence) =>
        boot != otherBoot ? boot.CompareTo(otherBoot) : sequence.CompareTo(otherSequence);

    private static BridgeReason Classify(ChannelState state, AcceptedReading reading, long end, IntervalOptions options)
    {
        if (reading.Boot != state.Boot)
        {
            return BridgeReason.Reboot;
        }

        if (reading.Sequence != state.Sequence + 1)
        {
            return BridgeReason.MissingSequences;
        }

        var window = reading.EndMs > reading.StartMs ? reading.EndMs - reading.StartMs : options.FallbackWindowMs;
        return end - state.EndMs > window * options.GapFactor ? BridgeReason.TimeGap : BridgeReason.None;
    }

    private static IntervalStep Broken(ChannelState state, AcceptedReading reading, long end, ChannelCounts counts, GapReason reason, ReadingOutcome outcome)
    {
        // The new baseline's counter is read at its end_ms; energy before that instant cannot be derived from
        // differences, so the gap runs to the reading's end, not its start.
        var gap = new ChannelGap(
            reading.DeviceId,
            reading.ChannelId,
            state.EndMs,
            end,
            reason,
            state.Epoch,
            reading.Epoch,
            state.CounterMillijoules,
            reading.EnergyMillijoules,
            reading.Boot,
            reading.Sequence);
        return new IntervalStep(outcome, Baseline(reading, end, counts), null, gap);
    }

    private static ChannelState Baseline(AcceptedReading reading, long end, ChannelCounts counts) =>
        new(reading.DeviceId, reading.ChannelId, reading.Boot, reading.Sequence, reading.Epoch, reading.EnergyMillijoules, end, counts);
}
