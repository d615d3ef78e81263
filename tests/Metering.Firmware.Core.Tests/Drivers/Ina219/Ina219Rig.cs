using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;

namespace Metering.Firmware.Core.Tests.Drivers;

/// <summary>A sensor over a driver over a virtual INA219 on a simulated clock, sampled at 20 Hz.</summary>
internal sealed class Ina219Rig
{
    public const long PeriodMicroseconds = 50_000;

    public Ina219Rig(ILoadProfile load, int shuntMicroohms = 1_000, int maxMilliamps = 50_000, double busVolts = 12.0, int checkInterval = 1)
    {
        Device = new VirtualIna219(load, Clock, shuntMicroohms, busVolts);
        Driver = new Ina219(Device, shuntMicroohms, maxMilliamps, Ina219BusRange.Volts16);
        Sensor = new Ina219Sensor(Driver, checkInterval);
    }

    public SimulatedClock Clock { get; } = new();

    public VirtualIna219 Device { get; }

    public Ina219 Driver { get; }

    public Ina219Sensor Sensor { get; }

    public PowerSample Sample { get; } = new();

    /// <summary>Initializes through the sensor (that read is not_ready), then waits one period.</summary>
    public Ina219Rig Started()
    {
        Assert.False(Sensor.Read(Sample));
        Assert.Equal(SensorFaults.NotReady, Sample.Fault);
        Clock.Advance(PeriodMicroseconds);
        return this;
    }

    /// <summary>Reads, then advances one period.</summary>
    public bool Read()
    {
        var ok = Sensor.Read(Sample);
        Clock.Advance(PeriodMicroseconds);
        return ok;
    }

    /// <summary>
    /// The worst-case error in mW of one sample of a steady load, from the LSBs: shunt rounding (5 µV / R) and current
    /// truncation (1 Current_LSB) and calibration truncation (2 / Cal of the current) times the bus voltage, bus rounding
    /// (2 mV) times the current, power truncation (1 Power_LSB), and the sample's rounding to the milliwatt.
    /// </summary>
    public double ToleranceMilliwatts(double volts, double amps) =>
        (volts * ((5e-6 / (Driver.ShuntMicroohms * 1e-6)) + (Driver.CurrentLsbNanoamps * 1e-9) + (amps * 2.0 / Driver.CalibrationValue)) * 1000)
        + (0.002 * amps * 1000) + (Driver.PowerLsbMicrowatts / 1000.0) + 0.5;
}
