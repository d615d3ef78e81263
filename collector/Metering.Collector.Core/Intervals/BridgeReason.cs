namespace Metering.Collector.Intervals;

/// <summary>
/// Why an interval spans more than one publish window. A bridged interval's energy is exact (a counter difference
/// within one epoch, or across epochs by their lineage); only its time resolution is coarse: the energy is spread
/// evenly over the whole interval, which may contain time the device did not meter (README.md, "Bridging epochs").
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

    /// <summary>A new epoch whose <c>prev_epoch</c> is the baseline's: energy = energy_mj - min(baseline counter, prev_energy_mj).</summary>
    Lineage = 4,

    /// <summary>A reading between the two was quarantined (a counter glitch): the interval runs from the baseline held before it.</summary>
    Quarantine = 5,
}

/// <summary>Storage tokens of <see cref="BridgeReason"/>.</summary>
public static class BridgeReasons
{
    /// <summary><c>reboot</c>, <c>missingsequences</c>, <c>timegap</c>, <c>lineage</c>, <c>quarantine</c> (the lower-case name, as stored since v1).</summary>
    public static string Token(this BridgeReason reason) => reason.ToString().ToLowerInvariant();
}
