using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Platform;
using Metering.Firmware.Host.Loads;

namespace Metering.Firmware.Host.Virtual;

/// <summary>
/// An ideal sensor for sampling tests: reads a load profile's instantaneous power at the clock's time, with
/// optionally a PZEM-like watt-hour register (floor of the exact energy) and scripted failures. No driver, no
/// quantisation; allocation-free for allocation-free profiles.
/// </summary>
public sealed class ProfileSensor(ILoadProfile load, IClock clock, double volts = 12.0, bool withRegister = false) : ISensor
{
    private long _registerOffsetWattHours;

    /// <summary>Reads fail (with this fault token) while set.</summary>
    public string? FailWith { get; set; }

    /// <summary>Scales the reported power (a miscalibrated sensor), 1.0 by default; the register stays true.</summary>
    public double PowerScale { get; set; } = 1.0;

    /// <summary>Successful reads.</summary>
    public long Reads { get; private set; }

    /// <summary>Resets the watt-hour register to zero now, as a technician's reset-energy command would.</summary>
    public void ResetRegister() => _registerOffsetWattHours = RawWattHours();

    /// <inheritdoc />
    public bool Read(PowerSample sample)
    {
        if (FailWith is not null)
        {
            sample.Fault = FailWith;
            return false;
        }

        var watts = load.PowerWatts(clock.MonotonicMicroseconds) * PowerScale;
        sample.PowerMilliwatts = (long)Math.Round(watts * 1000);
        sample.VoltageMillivolts = (long)Math.Round(volts * 1000);
        sample.CurrentMilliamps = (long)Math.Round(watts / volts * 1000);
        sample.MeterEnergyWattHours = withRegister ? RawWattHours() - _registerOffsetWattHours : -1;
        Reads++;
        return true;
    }

    private long RawWattHours() => (long)Math.Floor(load.EnergyJoules(0, clock.MonotonicMicroseconds) / 3600.0);
}
