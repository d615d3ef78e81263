namespace Metering.Collector.Intervals;

/// <summary>What one reading did to its channel's counter timeline.</summary>
public enum ReadingOutcome
{
    /// <summary>The first reading of the channel: it becomes the baseline, nothing is emitted.</summary>
    Baseline = 0,

    /// <summary>The next window of the same boot: a normal <see cref="ChannelInterval"/>.</summary>
    Interval = 1,

    /// <summary>A later reading of the same epoch after a gap: one bridged <see cref="ChannelInterval"/>.</summary>
    Bridged = 2,

    /// <summary>A new epoch: a <see cref="ChannelGap"/> (<see cref="GapReason.NewEpoch"/>) and a new baseline.</summary>
    NewEpoch = 3,

    /// <summary>The counter went backwards within its epoch: a <see cref="ChannelGap"/> and a collector-side new baseline.</summary>
    CounterBackwards = 4,

    /// <summary>The same (boot, seq) as the last accepted reading: ignored, counted.</summary>
    Duplicate = 5,

    /// <summary>An older (boot, seq) than the last accepted reading (late or out of order): ignored, counted, reported.</summary>
    Late = 6,
}
