namespace Metering.Collector.Intervals;

/// <summary>
/// Why an interval spans more than one publish window. A bridged interval's energy is exact (a counter difference
/// within one epoch); only its time resolution is coarse: the energy is spread evenly over the whole interval.
/// </summary>
public enum BridgeReason
{
    /// <summary>Not bridged: the next message of the same boot (seq + 1), within ~1.5 windows of the previous end.</summary>
    None = 0,

    /// <summary>A new boot kept the epoch: a PZEM-004T counted through an ESP32 reboot.</summary>
    Reboot = 1,

    /// <summary>Same boot, but sequence numbers are missing between the two readings (messages lost or dropped).</summary>
    MissingSequences = 2,

    /// <summary>Consecutive sequence numbers, but more than the gap factor times a window elapsed between the two ends.</summary>
    TimeGap = 3,
}
