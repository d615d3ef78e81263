namespace Metering.Collector.Intervals;

/// <summary>Why a channel has unmetered time: no energy can be derived between two of its readings.</summary>
public enum GapReason
{
    /// <summary>The reading starts a new counter epoch (INA219 reboot, sensor changed, firmware counter reset).</summary>
    NewEpoch = 1,

    /// <summary>The counter went backwards within one epoch (a firmware bug, or a meter replaced without a new epoch).</summary>
    CounterBackwards = 2,
}

/// <summary>Wire and storage tokens of <see cref="GapReason"/>.</summary>
public static class GapReasons
{
    /// <summary><c>new_epoch</c> or <c>counter_backwards</c>.</summary>
    public static string Token(this GapReason reason) => reason switch
    {
        GapReason.NewEpoch => "new_epoch",
        GapReason.CounterBackwards => "counter_backwards",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a gap reason"),
    };
}
