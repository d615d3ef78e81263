using Metering.Firmware.Core.Sampling;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;

namespace Metering.Firmware.Core.Tests.Sampling;

/// <summary>
/// Trapezoidal integration of known loads at the INA219's default 20 Hz, against the profiles' exact energies.
/// Tolerances: exact (below 1 mJ) for constant and linear loads; one sample period's energy step for a step;
/// 0.5 % over a minute for a GPU-like square wave that 20 Hz undersamples (the INA219's averaging, tested with the
/// driver, does better).
/// </summary>
public sealed class SamplingAccuracyTests
{
    private const long Second = 1_000_000;

    private static (ChannelSampler Sampler, SimulatedClock Clock) Channel(ILoadProfile load, int rateHz = 20, int gainPpm = 1_000_000, int offsetMw = 0)
    {
        var clock = new SimulatedClock();
        var config = new ChannelConfig { ChannelId = 0, Kind = SensorKind.Ina219, Address = 0x40, ShuntMicroohms = 1000, MaxCurrentMilliamps = 50000, RateHz = rateHz, GainPpm = gainPpm, OffsetMilliwatts = offsetMw };
        var sampler = new ChannelSampler(config, new ProfileSensor(load, clock), new EpochAllocator(1));
        sampler.ScheduleFirst(0);
        return (sampler, clock);
    }

    private static double Run(ChannelSampler sampler, SimulatedClock clock, long untilMicroseconds, long stepMicroseconds = 1000)
    {
        while (clock.MonotonicMicroseconds < untilMicroseconds)
        {
            sampler.SampleIfDue(clock.MonotonicMicroseconds);
            clock.Advance(stepMicroseconds);
        }

        sampler.SampleIfDue(clock.MonotonicMicroseconds);
        sampler.CloseWindow(clock.MonotonicMicroseconds, new ChannelReading());
        return (sampler.Counter.Millijoules + (sampler.Counter.RemainderNanojoules / 1e6)) / 1000.0;
    }

    [Fact]
    public void A_constant_load_integrates_exactly()
    {
        var (s, clock) = Channel(new ConstantLoad(402.11));

        var joules = Run(s, clock, 60 * Second);

        Assert.Equal(402.11 * 60, joules, 3);
    }

    [Fact]
    public void A_ramp_integrates_exactly_because_trapezoids_are_exact_on_linear_pieces()
    {
        var load = new RampLoad(100, 600, 10 * Second, 40 * Second);
        var (s, clock) = Channel(load);

        var joules = Run(s, clock, 60 * Second);

        Assert.Equal(load.EnergyJoules(0, 60 * Second), joules, 2);
    }

    [Fact]
    public void A_step_is_within_half_a_sample_period_of_the_jump()
    {
        var load = new StepLoad(150, 650, 12_345_678);
        var (s, clock) = Channel(load);

        var joules = Run(s, clock, 30 * Second);

        var bound = (650 - 150) * 0.05 / 2;
        Assert.InRange(joules - load.EnergyJoules(0, 30 * Second), -bound, bound);
    }

    [Fact]
    public void A_gpu_like_square_wave_averages_out_within_half_a_percent_over_a_minute()
    {
        var load = new SquareWaveLoad(lowWatts: 80, highWatts: 700, periodMicroseconds: 337_000, duty: 0.6);
        var (s, clock) = Channel(load);

        var joules = Run(s, clock, 60 * Second);

        var truth = load.EnergyJoules(0, 60 * Second);
        Assert.InRange(Math.Abs(joules - truth) / truth, 0, 0.005);
    }

    [Fact]
    public void Calibration_gain_and_offset_apply_to_power_and_energy()
    {
        var (s, clock) = Channel(new ConstantLoad(100), gainPpm: 1_010_000, offsetMw: -500);

        var joules = Run(s, clock, 10 * Second);

        Assert.Equal(((100 * 1.01) - 0.5) * 10, joules, 2);
    }

    [Fact]
    public void Window_statistics_are_the_samples_min_mean_max()
    {
        var load = new StepLoad(100, 300, 5 * Second);
        var (s, clock) = Channel(load, rateHz: 1);
        var reading = new ChannelReading();

        for (var t = 0; t < 10; t++)
        {
            s.SampleIfDue(clock.MonotonicMicroseconds);
            clock.Advance(Second);
        }

        s.CloseWindow(clock.MonotonicMicroseconds, reading);

        Assert.Equal((10, 0, 100_000, 300_000, 200_000), (reading.SampleCount, reading.ErrorCount, reading.PowerMinMilliwatts, reading.PowerMaxMilliwatts, reading.PowerMeanMilliwatts));
        Assert.Equal(12_000, reading.VoltageMeanMillivolts);
    }

    [Fact]
    public void Failed_reads_count_as_errors_and_become_a_fault_after_three_in_a_row()
    {
        var clock = new SimulatedClock();
        var sensor = new ProfileSensor(new ConstantLoad(100), clock) { FailWith = "nack" };
        var s = new ChannelSampler(new ChannelConfig { Kind = SensorKind.Ina219, Address = 0x40, ShuntMicroohms = 1000, MaxCurrentMilliamps = 1000, RateHz = 10 }, sensor, new EpochAllocator(1));
        var reading = new ChannelReading();

        s.Sample(0);
        s.Sample(100_000);
        Assert.Null(s.Fault);
        s.Sample(200_000);
        Assert.Equal("nack", s.Fault);
        sensor.FailWith = null;
        s.Sample(300_000);
        Assert.Null(s.Fault);
        s.CloseWindow(300_000, reading);

        Assert.Equal((1, 3, 3L), (reading.SampleCount, reading.ErrorCount, s.ErrorsSinceBoot));
    }

    [Fact]
    public void A_short_gap_is_bridged_and_a_long_ina219_gap_starts_a_new_epoch_without_inventing_energy()
    {
        var clock = new SimulatedClock();
        var sensor = new ProfileSensor(new ConstantLoad(100), clock);
        var s = new ChannelSampler(new ChannelConfig { Kind = SensorKind.Ina219, Address = 0x40, ShuntMicroohms = 1000, MaxCurrentMilliamps = 1000, RateHz = 20 }, sensor, new EpochAllocator(7));
        s.Counter.Epoch = 7 * EpochAllocator.PerBoot;

        s.Sample(0);
        s.Sample(500_000);
        Assert.Equal(50_000, s.Counter.Millijoules);
        s.Sample(30 * Second);

        Assert.Equal(50_000, s.Counter.Millijoules);
        Assert.Equal((7 * EpochAllocator.PerBoot) + 1, s.Counter.Epoch);
        Assert.True(s.EpochStartedSeen);
    }
}
