using Metering.Collector.Ingest;

namespace Metering.Collector.Intervals;

/// <summary>Readings of another epoch or another life: a bridge by the reading's lineage, or a gap and a new baseline.</summary>
public static partial class ChannelIntervalRules
{
    /// <summary>
    /// A reading of another epoch. When its <c>prev_epoch</c> is the baseline's epoch (counter L), the device counted
    /// <c>energy_mj - min(L, prev_energy_mj)</c> since the baseline (the protocol README, "Bridging epochs"): one
    /// bridged interval from the baseline, unless impossible. Otherwise a gap.
    /// </summary>
    private static IntervalStep EpochChange(ChannelState state, AcceptedReading reading, long end, ChannelCounts counts)
    {
        if (reading.PreviousEpoch != state.Epoch || reading.PreviousEnergyMillijoules is not { } takeover || takeover > reading.EnergyMillijoules)
        {
            return Gap(state, reading, end, counts, GapReason.NewEpoch, ReadingOutcome.NewEpoch);
        }

        var from = Math.Min(state.CounterMillijoules, takeover);
        var energy = reading.EnergyMillijoules - from;
        // A held reading S is never the L of the rule: min(L, prev) from the baseline B, and (min(B, prev) - min(S, prev))
        // is what trusting it would have added.
        List<ChannelQuarantine> quarantined = state.Held is { } held
            ? [Discarded(state, held, from - Math.Min(held.CounterMillijoules, takeover))]
            : [];
        var sameBoot = reading.Boot == state.Boot;
        var duration = Plausibility.DurationMs(state.EndMs, state.DeviceEndMs, sameBoot, reading, end);
        if (Plausibility.Judge(reading, energy, duration, consecutive: false, null) is { } refusal)
        {
            return Refuse(state, reading, end, counts, refusal, energy, quarantined);
        }

        counts = Add(counts, quarantined) with { Intervals = counts.Intervals + 1, Bridged = counts.Bridged + 1 };
        var interval = new ChannelInterval(reading.DeviceId, reading.ChannelId, reading.Epoch, state.EndMs, end, energy, BridgeReason.Lineage,
            reading.Boot, reading.Sequence, reading.TimeSource);
        return new IntervalStep(ReadingOutcome.Bridged, Baseline(reading, end, counts), interval, null, quarantined);
    }

    /// <summary>Unmetered time up to the reading, which becomes the baseline; a held reading is set aside (it added nothing).</summary>
    private static IntervalStep Gap(ChannelState state, AcceptedReading reading, long end, ChannelCounts counts, GapReason reason, ReadingOutcome outcome)
    {
        // The new baseline's counter is read at its end_ms; energy before that instant cannot be derived from
        // differences, so the gap runs to the reading's end, not its start.
        var gap = new ChannelGap(reading.DeviceId, reading.ChannelId, state.EndMs, end, reason, state.Epoch, reading.Epoch,
            state.CounterMillijoules, reading.EnergyMillijoules, reading.Boot, reading.Sequence);
        List<ChannelQuarantine> discarded = state.Held is { } held ? [Discarded(state, held, 0)] : [];
        return new IntervalStep(outcome, Baseline(reading, end, Add(counts, discarded)), null, gap, discarded);
    }
}
