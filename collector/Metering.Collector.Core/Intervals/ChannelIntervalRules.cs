using Metering.Collector.Ingest;

namespace Metering.Collector.Intervals;

/// <summary>
/// The per-channel rules, as one pure function from (state, reading) to (outcome, new state, interval, gap,
/// quarantines). No clock, no I/O: the same state and reading always give the same step. README.md states the rules.
/// </summary>
public static partial class ChannelIntervalRules
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
        if (reading.Life < state.Life)
        {
            return new IntervalStep(ReadingOutcome.Late, state with { Counts = counts with { Late = counts.Late + 1 } }, null, null);
        }

        // The channel's timeline never runs backwards: a reading that ends before the previous end (a clock
        // correction, a switch of time source) is clamped to it, so intervals never overlap.
        var end = Math.Max(reading.EndMs, state.EndMs);
        if (reading.Life > state.Life)
        {
            // A new device life: its boots, sequences and epochs say nothing about the old life's.
            return Gap(state, reading, end, counts with { NewLives = counts.NewLives + 1 }, GapReason.NewLife, ReadingOutcome.NewLife);
        }

        var (lastBoot, lastSequence) = state.Held is { } held ? (held.Boot, held.Sequence) : (state.Boot, state.Sequence);
        var order = CompareOrder(reading.Boot, reading.Sequence, lastBoot, lastSequence);
        if (order == 0)
        {
            return new IntervalStep(ReadingOutcome.Duplicate, state with { Counts = counts with { Duplicates = counts.Duplicates + 1 } }, null, null);
        }

        if (order < 0)
        {
            return new IntervalStep(ReadingOutcome.Late, state with { Counts = counts with { Late = counts.Late + 1 } }, null, null);
        }

        if (reading.EndMs < state.EndMs)
        {
            counts = counts with { ClockBackwards = counts.ClockBackwards + 1 };
        }

        if (reading.Epoch != state.Epoch)
        {
            return EpochChange(state, reading, end, counts with { NewEpochs = counts.NewEpochs + 1 });
        }

        return reading.EnergyMillijoules < state.CounterMillijoules
            ? Backwards(state, reading, end, counts, options)
            : Forward(state, reading, end, counts, options);
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

        if (state.Held is not null)
        {
            return BridgeReason.Quarantine;
        }

        if (reading.Sequence != state.Sequence + 1)
        {
            return BridgeReason.MissingSequences;
        }

        var window = reading.EndMs > reading.StartMs ? reading.EndMs - reading.StartMs : options.FallbackWindowMs;
        return end - state.EndMs > window * options.GapFactor ? BridgeReason.TimeGap : BridgeReason.None;
    }

    private static ChannelState Baseline(AcceptedReading reading, long end, ChannelCounts counts) =>
        new(reading.DeviceId, reading.ChannelId, reading.Boot, reading.Sequence, reading.Epoch, reading.EnergyMillijoules, end, counts,
            reading.Life, reading.DeviceEndMs, reading.PowerMaxMilliwatts, null);

    private static ChannelCounts Add(ChannelCounts counts, IReadOnlyList<ChannelQuarantine> quarantined) => quarantined.Count == 0
        ? counts
        : counts with
        {
            Quarantined = counts.Quarantined + quarantined.Count,
            QuarantinedMillijoules = counts.QuarantinedMillijoules + quarantined.Sum(q => q.EnergyMillijoules),
        };

    /// <summary>The held reading, set aside for good: <paramref name="energy"/> is what trusting it would have added.</summary>
    private static ChannelQuarantine Discarded(ChannelState state, HeldReading held, long energy) =>
        new(state.DeviceId, state.ChannelId, GapReason.CounterBackwards, energy, held.Boot, held.Sequence, state.Epoch, held.CounterMillijoules,
            state.CounterMillijoules, state.EndMs, held.EndMs, 0);
}
