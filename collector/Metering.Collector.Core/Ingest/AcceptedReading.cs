using Metering.Protocol;

namespace Metering.Collector.Ingest;

/// <summary>
/// One channel's reading as ingest accepted it: decoded under the contract, validated, deduplicated, with its window
/// placed on the collector's UTC timeline (<see cref="TimeSource"/> says how). The input of Intervals and of the
/// <c>channel_reading</c> measurement. The init-only members carry what later versions of ingest add; a reading built
/// without them reads as before (life 0, no lineage, rating and resolution unknown, device time unknown).
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
    int? CurrentMeanMilliamps)
{
    /// <summary>The collector's ordinal of the device life the reading belongs to (<see cref="DeviceLedger.Life"/>).</summary>
    public long Life { get; init; }

    /// <summary>The message's <c>incarnation</c>, -1 when absent.</summary>
    public long Incarnation { get; init; } = TelemetryMessage.Absent;

    /// <summary>The reading's <c>prev_epoch</c>: the epoch this one continues; null when absent.</summary>
    public long? PreviousEpoch { get; init; }

    /// <summary>The reading's <c>prev_energy_mj</c>: the counter at which this epoch took over, mJ; null when absent.</summary>
    public long? PreviousEnergyMillijoules { get; init; }

    /// <summary>The window end on the device's own clock (<c>end_ms</c> as sent), ms; 0 when unknown.</summary>
    public long DeviceEndMs { get; init; }

    /// <summary>The most power the channel can report, mW (<see cref="ChannelRatings"/>); 0: unknown, the contract's ceiling.</summary>
    public long RatedMaxMilliwatts { get; init; }

    /// <summary>The energy the sensor's counter can step by at once beyond its power, mJ (<see cref="ChannelRatings.ResolutionMillijoules"/>); 0: unknown, the coarsest.</summary>
    public long ResolutionMillijoules { get; init; }
}

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
