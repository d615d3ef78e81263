using Metering.Protocol;

namespace Metering.Collector.Ingest;

/// <summary>
/// The most power a channel can report, mW: the sensor's rated maximum through the largest calibration its config
/// applies (P = P_raw x gain_ppm / 10^6 + offset_mw). Intervals quarantines energy beyond it (Intervals/README.md,
/// "Plausible counters").
/// </summary>
public static class ChannelRatings
{
    /// <summary>PZEM-004T: 100 A x 260 V, its datasheet's measuring ranges, mW.</summary>
    public const long Pzem004tRatedMilliwatts = 100L * 260 * 1000;

    /// <summary>The contract's ceiling on every power field (<c>p_*_mw</c>), mW: the bound of a channel whose config is unknown.</summary>
    public const long ContractMaxMilliwatts = 100_000_000;

    /// <summary>PZEM-004T resolution: 2 Wh, the energy register's 1 Wh step followed through a gain of up to 2 (firmware Sampling README, "the hold absorbs the overshoot").</summary>
    public const long Pzem004tResolutionMillijoules = 7_200_000;

    /// <summary>INA219 resolution: 1 J; its counter is the integral of the very samples behind <c>p_max_mw</c>.</summary>
    public const long Ina219ResolutionMillijoules = 1_000;

    private const long MaxGainPpm = 2_000_000;
    private const long MaxOffsetMilliwatts = 1_000_000;

    /// <summary>
    /// The rated maximum of a configured channel: PZEM-004T 100 A x 260 V, INA219 <c>max_ma</c> (the current
    /// register's full scale) x the bus range (16 or 32 V, the bus register's full scale); times the gain when above
    /// 1, plus a positive offset.
    /// </summary>
    public static long MaxMilliwatts(ChannelConfig channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        long raw = channel.Kind switch
        {
            SensorKind.Pzem004t => Pzem004tRatedMilliwatts,
            SensorKind.Ina219 when channel.MaxCurrentMilliamps > 0 => (long)channel.MaxCurrentMilliamps * channel.EffectiveBusRangeVolts,
            _ => ContractMaxMilliwatts,
        };
        var gain = Math.Max(channel.GainPpm, 1_000_000);
        return (long)((Int128)raw * gain / 1_000_000) + Math.Max(0, channel.OffsetMilliwatts);
    }

    /// <summary>
    /// The bound of a channel whose config the collector has not seen: a PZEM-004T at the largest calibration the
    /// contract allows (gain x2, +1 kW); anything else the contract's ceiling on power, 100 kW.
    /// </summary>
    public static long DefaultMilliwatts(SensorKind kind) =>
        kind == SensorKind.Pzem004t ? (Pzem004tRatedMilliwatts * MaxGainPpm / 1_000_000) + MaxOffsetMilliwatts : ContractMaxMilliwatts;

    /// <summary>How far a counter of <paramref name="kind"/> can step at once beyond what its power explains, mJ: INA219 1 J, otherwise 2 Wh.</summary>
    public static long ResolutionMillijoules(SensorKind kind) => kind == SensorKind.Ina219 ? Ina219ResolutionMillijoules : Pzem004tResolutionMillijoules;
}
