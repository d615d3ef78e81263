using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Pzem004t;
using Metering.Firmware.Core.Sampling;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;

namespace Metering.Firmware.Core.Tests.Sampling;

/// <summary>
/// A PZEM channel's calibration reaches its energy counter, not only its power statistics: over hours, the counter
/// equals the integral of the calibrated power (raw x gain_ppm / 10^6 + offset_mw) within the band the register's
/// 1 Wh resolution allows, at idle and at load, so a technician who fits an offset sees it in energy too.
/// </summary>
public sealed class PzemOffsetTests
{
    private const double Wh = 3600.0;
    private const long Hour = 3_600_000_000;

    [Theory]
    [InlineData(500.0, -1_500, 1_000_000)] // the review's case: -1.5 W over 6 h is -9 Wh, not -1 Wh
    [InlineData(500.0, 5_000, 1_000_000)] // +5 W over 6 h is +30 Wh, not +0.2 Wh
    [InlineData(400.0, -1_500, 1_000_000)] // a server at idle
    [InlineData(2_900.0, -1_500, 1_000_000)] // the same server at load
    [InlineData(400.0, 2_500, 1_003_200)] // gain and offset together, at idle
    [InlineData(2_900.0, 2_500, 1_003_200)] // and at load
    public void Over_six_hours_the_counter_is_the_calibrated_power_integral_within_the_register_band(double watts, int offsetMilliwatts, int gainPpm)
    {
        var clock = new SimulatedClock();
        var sensor = new ProfileSensor(new ConstantLoad(watts), clock, volts: 230, withRegister: true);
        var s = Sampler(sensor, offsetMilliwatts, gainPpm);

        Run(s, clock, 6 * Hour, 100_000);

        var calibratedWatts = (watts * gainPpm / 1e6) + (offsetMilliwatts / 1000.0);
        AssertWithinBand(calibratedWatts * 6 * 3600, s.Counter.Millijoules / 1000.0, calibratedWatts);
        Assert.Equal(s.Calibrate((long)(watts * 1000)), s.Window.PowerMeanMilliwatts);
    }

    [Theory]
    [InlineData(400.0, -1_500)]
    [InlineData(2_900.0, 5_000)]
    public void Through_the_modbus_driver_the_offset_reaches_energy_at_idle_and_at_load(double watts, int offsetMilliwatts)
    {
        var clock = new SimulatedClock();
        var bus = new VirtualPzemBus(new VirtualPzem(3, new ConstantLoad(watts), clock));
        var s = Sampler(new PzemSensor(new PzemClient(bus, 200, 2, 0), 3), offsetMilliwatts, 1_000_000, address: 3);

        Run(s, clock, 6 * Hour, 250_000);

        var calibratedWatts = watts + (offsetMilliwatts / 1000.0);
        AssertWithinBand(calibratedWatts * 6 * 3600, s.Counter.Millijoules / 1000.0, calibratedWatts);
    }

    [Fact]
    public void A_long_silence_recovered_from_the_register_carries_the_offset_over_the_silence_too()
    {
        var clock = new SimulatedClock();
        var sensor = new ProfileSensor(new ConstantLoad(600), clock, volts: 230, withRegister: true);
        var s = Sampler(sensor, 5_000, 1_000_000);
        Run(s, clock, Hour, 100_000);

        sensor.FailWith = "no_reply";
        Run(s, clock, Hour, 100_000);
        sensor.FailWith = null;
        Run(s, clock, Hour, 100_000);

        AssertWithinBand(605.0 * 3 * 3600, s.Counter.Millijoules / 1000.0, 605.0);
    }

    private static ChannelSampler Sampler(ISensor sensor, int offsetMilliwatts, int gainPpm, int address = 1)
    {
        var config = new ChannelConfig { ChannelId = 0, Kind = SensorKind.Pzem004t, Address = address, OffsetMilliwatts = offsetMilliwatts, GainPpm = gainPpm };
        var s = new ChannelSampler(config, sensor, new EpochAllocator(1));
        s.ScheduleFirst(0);
        return s;
    }

    private static void Run(ChannelSampler s, SimulatedClock clock, long microseconds, long step)
    {
        var end = clock.MonotonicMicroseconds + microseconds;
        while (clock.MonotonicMicroseconds < end)
        {
            s.SampleIfDue(clock.MonotonicMicroseconds);
            clock.Advance(step);
        }
    }

    /// <summary>
    /// The register band (RegisterFollowerTests): the register floors an accumulator that was anywhere inside a watt-hour
    /// at the anchor, so the truth minus the counter lies within (-1 Wh - one refresh of energy, +2 Wh).
    /// </summary>
    private static void AssertWithinBand(double truthJoules, double countedJoules, double watts) =>
        Assert.InRange(truthJoules - countedJoules, -Wh - watts, 2 * Wh);
}
