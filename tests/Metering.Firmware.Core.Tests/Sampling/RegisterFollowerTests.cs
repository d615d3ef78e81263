using Metering.Firmware.Core.Sampling;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;

namespace Metering.Firmware.Core.Tests.Sampling;

/// <summary>
/// PZEM channels integrate power for resolution and follow the meter's watt-hour register over the long run. With
/// the band anchored at a whole watt-hour, the truth minus the counter stays within (-1 Wh, 2 Wh).
/// </summary>
public sealed class RegisterFollowerTests
{
    private const long Second = 1_000_000;
    private const double Wh = 3600.0;

    private static (ChannelSampler, SimulatedClock, ProfileSensor) Pzem(ILoadProfile load, double powerScale = 1.0)
    {
        var clock = new SimulatedClock();
        var sensor = new ProfileSensor(load, clock, volts: 230, withRegister: true) { PowerScale = powerScale };
        var s = new ChannelSampler(new ChannelConfig { ChannelId = 1, Kind = SensorKind.Pzem004t, Address = 1 }, sensor, new EpochAllocator(1));
        s.ScheduleFirst(0);
        return (s, clock, sensor);
    }

    private static void RunFor(ChannelSampler s, SimulatedClock clock, long microseconds)
    {
        var end = clock.MonotonicMicroseconds + microseconds;
        while (clock.MonotonicMicroseconds < end)
        {
            s.SampleIfDue(clock.MonotonicMicroseconds);
            clock.Advance(100_000);
        }
    }

    private static double Joules(ChannelSampler s) => s.Counter.Millijoules / 1000.0;

    [Fact]
    public void Power_that_reads_three_percent_low_still_ends_within_one_watt_hour_of_the_register()
    {
        var load = new ConstantLoad(2000);
        var (s, clock, _) = Pzem(load, powerScale: 0.97);

        RunFor(s, clock, 3600 * Second);

        var truth = load.EnergyJoules(0, clock.MonotonicMicroseconds);
        Assert.InRange(truth - Joules(s), -Wh, 2 * Wh);
        Assert.True(truth * 0.03 > 50 * Wh, "the integration alone would be 60 Wh short");
    }

    [Fact]
    public void Power_that_reads_high_is_held_at_the_band_ceiling_and_never_decreases()
    {
        var (s, clock, _) = Pzem(new ConstantLoad(1500), powerScale: 1.05);
        var previous = 0L;

        for (var i = 0; i < 3600; i++)
        {
            RunFor(s, clock, Second);
            Assert.True(s.Counter.Millijoules >= previous, "monotonic");
            previous = s.Counter.Millijoules;
        }

        var truth = 1500.0 * 3600;
        Assert.InRange(truth - Joules(s), -Wh, 2 * Wh);
    }

    [Fact]
    public void A_long_silence_is_recovered_from_the_register_in_the_same_epoch()
    {
        var load = new ConstantLoad(1000);
        var (s, clock, sensor) = Pzem(load);
        RunFor(s, clock, 60 * Second);
        var epoch = s.Counter.Epoch;

        sensor.FailWith = "no_reply";
        RunFor(s, clock, 600 * Second);
        sensor.FailWith = null;
        RunFor(s, clock, 10 * Second);

        Assert.Equal(epoch, s.Counter.Epoch);
        Assert.InRange(load.EnergyJoules(0, clock.MonotonicMicroseconds) - Joules(s), -Wh, 2 * Wh);
    }

    [Fact]
    public void A_register_reset_is_reported_and_the_counter_continues_from_its_own_value()
    {
        var (s, clock, sensor) = Pzem(new ConstantLoad(3000));
        RunFor(s, clock, 120 * Second);
        var before = s.Counter.Millijoules;

        sensor.ResetRegister();
        RunFor(s, clock, 120 * Second);

        Assert.True(s.CounterResetSeen);
        Assert.Equal(1, s.Follower!.Resets);
        Assert.InRange((3000.0 * 240) - Joules(s), -Wh, 2 * Wh);
        Assert.True(s.Counter.Millijoules > before);
    }

    [Fact]
    public void Resuming_after_a_reboot_never_goes_below_what_was_published_before()
    {
        var follower = new RegisterFollower { AnchorMillijoules = 1_000_000, AnchorWattHours = 500, LastWattHours = 503 };
        var published = new EnergyCounter { Millijoules = 1_000_000 + (4 * 3_600_000) - 1 };
        var resumed = new EnergyCounter { Millijoules = 1_000_000 + (2 * 3_600_000) };

        follower.ResumeAfterReboot(resumed, registerWattHours: 503, gainPpm: 1_000_000);

        Assert.True(resumed.Millijoules >= published.Millijoules);
        Assert.Equal(1_000_000 + (4 * 3_600_000), resumed.Millijoules);
    }
}
