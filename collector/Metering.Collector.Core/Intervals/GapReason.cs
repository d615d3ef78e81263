namespace Metering.Collector.Intervals;

/// <summary>Why a channel has unmetered time, or why energy was quarantined (README.md, "Plausible counters").</summary>
public enum GapReason
{
    /// <summary>The reading starts a new counter epoch that continues nothing the collector holds (new sensor, lost counter).</summary>
    NewEpoch = 1,

    /// <summary>
    /// The counter went below the baseline within its epoch. A gap when the next reading confirmed it (the counter
    /// restarted); a quarantine when the next reading was back above the baseline (a glitch).
    /// </summary>
    CounterBackwards = 2,

    /// <summary>The device started a new life (a new incarnation, a boot that went back, an operator's reset): a new baseline.</summary>
    NewLife = 3,

    /// <summary>Quarantined: the interval's energy is beyond the channel's rated maximum power over its duration.</summary>
    AboveRatedPower = 4,

    /// <summary>Quarantined: the interval's energy is far beyond the power its own readings reported (<c>p_max_mw</c>).</summary>
    AboveReportedPower = 5,
}

/// <summary>Wire and storage tokens of <see cref="GapReason"/>.</summary>
public static class GapReasons
{
    /// <summary><c>new_epoch</c>, <c>counter_backwards</c>, <c>new_life</c>, <c>above_rated_power</c> or <c>above_reported_power</c>.</summary>
    public static string Token(this GapReason reason) => reason switch
    {
        GapReason.NewEpoch => "new_epoch",
        GapReason.CounterBackwards => "counter_backwards",
        GapReason.NewLife => "new_life",
        GapReason.AboveRatedPower => "above_rated_power",
        GapReason.AboveReportedPower => "above_reported_power",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a gap reason"),
    };
}
