using System.Text;
using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;
using Metering.Firmware.Core.Tests.Fakes;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;

namespace Metering.Firmware.Core.Tests.HardwareDocs;

/// <summary>
/// Runs a config through the firmware's own path, as a device would receive it: the contract decoder, then a fresh
/// <see cref="MeterRuntime"/> that builds every channel's sensor through the real drivers (INA219 calibration
/// included) and answers <c>config_applied</c> or <c>config_rejected</c>. Before that, the documents' own rule
/// (hardware/calibration.md, section 8): an INA219's conversion cycle is at most 80 % of its sampling period.
/// </summary>
internal static class FirmwareConfigCheck
{
    /// <summary>The largest share of an INA219 sampling period its conversion cycle may take in a documented example.</summary>
    public const int MaxCyclePercentOfPeriod = 80;

    /// <summary>Null when the firmware applies <paramref name="json"/>; otherwise why it does not.</summary>
    public static string? Problem(string json)
    {
        var payload = Encoding.UTF8.GetBytes(json);
        var config = ConfigCodec.Decode(payload, out var error);
        if (config is null)
        {
            return "decoder: " + error;
        }

        var margin = config.Channels.Select(RateMarginProblem).FirstOrDefault(p => p is not null);
        if (margin is not null)
        {
            return margin;
        }

        var clock = new SimulatedClock();
        var loads = config.Channels.ToDictionary(c => c.ChannelId, _ => (ILoadProfile)new ConstantLoad(100));
        var meter = new MeterRuntime(new MeterOptions { DeviceId = config.DeviceId, Password = "pw" },
            clock, new InMemoryStorage(), new FakeMqttLink(), new VirtualSensorFactory(clock, loads), new HostPlatform());
        meter.Start();
        return meter.ApplyConfig(payload) ? null : "firmware: " + Rejection(meter);
    }

    /// <summary>The conversion cycle of an INA219 channel in microseconds: the shunt ADC at adc_avg plus the driver's bus ADC.</summary>
    public static int CycleMicroseconds(int adcAverage) =>
        Ina219Adc.ConversionMicroseconds(Ina219Adc.FromAverageCount(adcAverage)) + Ina219Adc.ConversionMicroseconds(Ina219.DefaultBusAdc);

    /// <summary>The highest rate_hz whose period holds the cycle with the margin, capped at the contract's 100 Hz.</summary>
    public static int HighestRateHz(int adcAverage) =>
        Math.Min(100, MaxCyclePercentOfPeriod * 10_000 / CycleMicroseconds(adcAverage));

    private static string? RateMarginProblem(ChannelConfig c)
    {
        if (c.Kind != SensorKind.Ina219 || c.EffectiveRateHz <= HighestRateHz(c.EffectiveAdcAverage))
        {
            return null;
        }

        return $"channel {c.ChannelId}: rate_hz {c.EffectiveRateHz} with adc_avg {c.EffectiveAdcAverage} leaves less than "
            + $"{100 - MaxCyclePercentOfPeriod} % margin (cycle {CycleMicroseconds(c.EffectiveAdcAverage)} us, period {1_000_000 / c.EffectiveRateHz} us)";
    }

    private static string Rejection(MeterRuntime meter)
    {
        while (meter.Events.Peek(out var length) is { } bytes)
        {
            var e = EventCodec.Decode(bytes, 0, length, out _);
            meter.Events.Remove();
            if (e?.Kind == EventKinds.ConfigRejected)
            {
                return e.Detail;
            }
        }

        return "not applied, and no config_rejected event";
    }
}
