using Metering.Protocol;

namespace Metering.Collector.Ingest;

/// <summary>
/// One channel's reading as ingest accepted it: decoded under the contract, validated, deduplicated, with its window
/// placed on the collector's UTC timeline (<see cref="TimeSource"/> says how). The input of Intervals and of the
/// <c>channel_reading</c> measurement.
/// </summary>
public sealed record AcceptedReading(
    string DeviceId,
    int ChannelId,
    SensorKind Kind,
    long Boot,
    long Sequence,
    long Epoch,
    long EnergyMillijoules,
    long StartMs,
    long EndMs,
    TimeSource TimeSource,
    long ReceivedMs,
    int SampleCount,
    int ErrorCount,
    int? PowerMeanMilliwatts,
    int? PowerMinMilliwatts,
    int? PowerMaxMilliwatts,
    int? VoltageMeanMillivolts,
    int? CurrentMeanMilliamps);

/// <summary>Where a reading's timestamps came from.</summary>
public enum TimeSource
{
    /// <summary>The device's SNTP-synchronised clock, within the plausibility bounds.</summary>
    Device = 0,

    /// <summary>An unsynced device clock shifted by the smallest receive-minus-device offset seen in this boot.</summary>
    Estimated = 1,

    /// <summary>The collector's receive time (the device time was implausible and nothing better was known).</summary>
    Receive = 2,
}
