using Metering.Collector.Ingest;

namespace Metering.Collector.Intervals;

/// <summary>Readings of the baseline's epoch: an interval, a held reading, a confirmed restart, or a quarantined jump.</summary>
public static partial class ChannelIntervalRules
{
    /// <summary>The counter is at or above the baseline's: an interval from it, unless impossible; a held reading was a glitch.</summary>
    private static IntervalStep Forward(ChannelState state, AcceptedReading reading, long end, ChannelCounts counts, IntervalOptions options)
    {
        var energy = reading.EnergyMillijoules - state.CounterMillijoules;
        // Through a held reading S the counter differences say (reading - S); the interval from the baseline B holds
        // (reading - B); the difference (B - S) is what trusting the glitch would have created.
        List<ChannelQuarantine> quarantined = state.Held is { } held ? [Discarded(state, held, state.CounterMillijoules - held.CounterMillijoules)] : [];
        var sameBoot = reading.Boot == state.Boot;
        var consecutive = state.Held is null && sameBoot && reading.Sequence == state.Sequence + 1;
        var duration = Plausibility.DurationMs(state.EndMs, state.DeviceEndMs, sameBoot, reading, end);
        if (Plausibility.Judge(reading, energy, duration, consecutive, state.PowerMaxMilliwatts) is { } refusal)
        {
            return Refuse(state, reading, end, counts, refusal, energy, quarantined);
        }

        var bridge = Classify(state, reading, end, options);
        counts = Add(counts, quarantined) with
        {
            Intervals = counts.Intervals + 1,
            Bridged = counts.Bridged + (bridge == BridgeReason.None ? 0 : 1),
        };
        var interval = new ChannelInterval(reading.DeviceId, reading.ChannelId, reading.Epoch, state.EndMs, end, energy, bridge,
            reading.Boot, reading.Sequence, reading.TimeSource) { PowerMaxMilliwatts = bridge == BridgeReason.None ? reading.PowerMaxMilliwatts : null };
        var outcome = bridge == BridgeReason.None ? ReadingOutcome.Interval : ReadingOutcome.Bridged;
        return new IntervalStep(outcome, Baseline(reading, end, counts), interval, null, quarantined);
    }

    /// <summary>
    /// The counter is below the baseline's. Continuing from a held reading, it confirms that the counter restarted
    /// there: a gap to the held reading, which becomes the baseline, then this reading against it. Otherwise this
    /// reading is held and the baseline kept, so a glitch can never add energy.
    /// </summary>
    private static IntervalStep Backwards(ChannelState state, AcceptedReading reading, long end, ChannelCounts counts, IntervalOptions options)
    {
        if (state.Held is { } held && reading.EnergyMillijoules >= held.CounterMillijoules)
        {
            var heldEnd = Math.Max(held.EndMs, state.EndMs);
            var gap = new ChannelGap(state.DeviceId, state.ChannelId, state.EndMs, heldEnd, GapReason.CounterBackwards, state.Epoch, state.Epoch,
                state.CounterMillijoules, held.CounterMillijoules, held.Boot, held.Sequence);
            var restarted = state with
            {
                Boot = held.Boot, Sequence = held.Sequence, CounterMillijoules = held.CounterMillijoules, EndMs = heldEnd,
                DeviceEndMs = held.DeviceEndMs, PowerMaxMilliwatts = held.PowerMaxMilliwatts, Held = null,
            };
            var next = Forward(restarted, reading, Math.Max(end, heldEnd), counts, options);
            if (next.Interval is { } interval)
            {
                return new IntervalStep(ReadingOutcome.CounterBackwards, next.State, interval, gap, next.Quarantined);
            }

            // The reading after the restart is itself impossible: one quarantine gap covers both.
            return next with { Gap = next.Gap! with { StartMs = state.EndMs, PreviousCounterMillijoules = state.CounterMillijoules } };
        }

        // A held reading this one went below is set aside: trusting it would have added nothing (both steps go down).
        List<ChannelQuarantine> replaced = state.Held is { } old ? [Discarded(state, old, 0)] : [];
        var hold = new HeldReading(reading.Boot, reading.Sequence, reading.EnergyMillijoules, end, reading.DeviceEndMs, reading.PowerMaxMilliwatts);
        counts = Add(counts, replaced) with { CounterBackwards = counts.CounterBackwards + 1 };
        return new IntervalStep(ReadingOutcome.Held, state with { Counts = counts, Held = hold }, null, null, replaced);
    }

    /// <summary>An impossible interval: a quarantine gap with its reason, its energy refused, the reading the new baseline.</summary>
    private static IntervalStep Refuse(ChannelState state, AcceptedReading reading, long end, ChannelCounts counts,
        (GapReason Reason, long BoundMillijoules) refusal, long energy, List<ChannelQuarantine> quarantined)
    {
        quarantined.Add(new ChannelQuarantine(reading.DeviceId, reading.ChannelId, refusal.Reason, energy, reading.Boot, reading.Sequence, reading.Epoch,
            reading.EnergyMillijoules, state.CounterMillijoules, state.EndMs, end, refusal.BoundMillijoules));
        var gap = new ChannelGap(reading.DeviceId, reading.ChannelId, state.EndMs, end, refusal.Reason, state.Epoch, reading.Epoch,
            state.CounterMillijoules, reading.EnergyMillijoules, reading.Boot, reading.Sequence, energy);
        return new IntervalStep(ReadingOutcome.Quarantined, Baseline(reading, end, Add(counts, quarantined)), null, gap, quarantined);
    }
}
