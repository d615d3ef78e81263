using Metering.Collector.Ingest;

namespace Metering.Collector.Intervals;

/// <summary>
/// The most energy an interval can hold (README.md, "Plausible counters"). Two bounds, each the power times the
/// interval's duration plus the sensor's resolution (<see cref="AcceptedReading.ResolutionMillijoules"/>: a PZEM-004T's
/// 2 Wh, an INA219's 1 J):
/// <list type="bullet">
/// <item>rated: the channel's rated maximum power (<see cref="ChannelRatings"/>) with a 25 % margin, always;</item>
/// <item>reported: twice the highest <c>p_max_mw</c> of the two readings, only between consecutive windows of one boot
/// and epoch where both had samples (then the counter difference covers exactly the samples behind those maxima).</item>
/// </list>
/// The duration is the longest of: the interval on the collector's timeline, the reading's own window, and within
/// one boot the distance between the two readings on the device's clock, so a backlog placed at receive time is never
/// judged by a compressed duration.
/// </summary>
public static class Plausibility
{
    /// <summary>Margin on the rated maximum power, percent (an INA219's effective current LSB is up to 0.12 % above nominal).</summary>
    public const int RatedMarginPercent = 125;

    /// <summary>How many times the reported <c>p_max_mw</c> an interval may average before it is "far beyond" it.</summary>
    public const int ReportedPowerFactor = 2;

    /// <summary><paramref name="milliwatts"/> over <paramref name="durationMs"/>, mJ, saturating at <see cref="long.MaxValue"/>.</summary>
    public static long EnergyMillijoules(long milliwatts, long durationMs) =>
        (long)Int128.Min((Int128)Math.Max(0, milliwatts) * Math.Max(0, durationMs) / 1000, long.MaxValue);

    /// <summary>The duration a counter difference from (<paramref name="fromEndMs"/>, device <paramref name="fromDeviceEndMs"/>) to <paramref name="reading"/> covers, ms.</summary>
    public static long DurationMs(long fromEndMs, long fromDeviceEndMs, bool sameBoot, AcceptedReading reading, long endMs)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var duration = Math.Max(endMs - fromEndMs, reading.EndMs - reading.StartMs);
        if (sameBoot && fromDeviceEndMs > 0 && reading.DeviceEndMs > fromDeviceEndMs)
        {
            duration = Math.Max(duration, reading.DeviceEndMs - fromDeviceEndMs);
        }

        return duration;
    }

    /// <summary>
    /// Why <paramref name="energyMillijoules"/> over <paramref name="durationMs"/> is impossible for <paramref name="reading"/>'s
    /// channel, with the bound it broke; null when it is plausible. <paramref name="consecutive"/>: the counter
    /// difference covers exactly the reading's window, after a baseline whose <c>p_max_mw</c> was <paramref name="baselinePowerMaxMilliwatts"/>.
    /// </summary>
    public static (GapReason Reason, long BoundMillijoules)? Judge(AcceptedReading reading, long energyMillijoules, long durationMs, bool consecutive, long? baselinePowerMaxMilliwatts)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var slack = reading.ResolutionMillijoules > 0 ? reading.ResolutionMillijoules : ChannelRatings.Pzem004tResolutionMillijoules;
        var rated = reading.RatedMaxMilliwatts > 0 ? reading.RatedMaxMilliwatts : ChannelRatings.ContractMaxMilliwatts;
        var ratedBound = Add(EnergyMillijoules(rated * RatedMarginPercent / 100, durationMs), slack);
        if (energyMillijoules > ratedBound)
        {
            return (GapReason.AboveRatedPower, ratedBound);
        }

        if (consecutive && reading.PowerMaxMilliwatts is { } p && baselinePowerMaxMilliwatts is { } q)
        {
            var reportedBound = Add(EnergyMillijoules((long)ReportedPowerFactor * Math.Max(p, q), durationMs), slack);
            if (energyMillijoules > reportedBound)
            {
                return (GapReason.AboveReportedPower, reportedBound);
            }
        }

        return null;
    }

    private static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
