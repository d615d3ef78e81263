namespace Metering.Collector.Intervals;

/// <summary>What one reading did to its channel's counter timeline.</summary>
public enum ReadingOutcome
{
    /// <summary>The first reading of the channel: it becomes the baseline, nothing is emitted.</summary>
    Baseline = 0,

    /// <summary>The next window of the same boot: a normal <see cref="ChannelInterval"/>.</summary>
    Interval = 1,

    /// <summary>A later reading of the same epoch after a gap, or of an epoch that continues it: one bridged <see cref="ChannelInterval"/>.</summary>
    Bridged = 2,

    /// <summary>A new epoch that continues nothing held: a <see cref="ChannelGap"/> (<see cref="GapReason.NewEpoch"/>) and a new baseline.</summary>
    NewEpoch = 3,

    /// <summary>
    /// A reading continued from a held one whose counter had gone backwards (the counter really restarted): a
    /// <see cref="ChannelGap"/> up to the held reading, which becomes the baseline, and the interval from it.
    /// </summary>
    CounterBackwards = 4,

    /// <summary>The same (boot, seq) as the last accepted reading: ignored, counted.</summary>
    Duplicate = 5,

    /// <summary>An older (boot, seq) than the last accepted reading (late or out of order), or an earlier life: ignored, counted.</summary>
    Late = 6,

    /// <summary>The first reading of a new device life: a <see cref="ChannelGap"/> (<see cref="GapReason.NewLife"/>) and a new baseline.</summary>
    NewLife = 7,

    /// <summary>The counter went below the baseline's within its epoch: the reading is held, the baseline kept, nothing emitted yet.</summary>
    Held = 8,

    /// <summary>The interval's energy is impossible for its duration: a quarantine gap, the energy refused, the reading the new baseline.</summary>
    Quarantined = 9,
}
