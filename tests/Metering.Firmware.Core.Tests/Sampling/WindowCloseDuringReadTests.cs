using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Sampling;

namespace Metering.Firmware.Core.Tests.Sampling;

/// <summary>
/// The service thread may close a window while the sampling thread waits on a slow bus (a PZEM exchange takes
/// 35-60 ms, about 600 ms with retries). The sample was stamped before the read, so it arrives stamped earlier than
/// the close; the sampler's time must still never run backwards, or the overlap would be counted twice.
/// </summary>
public sealed class WindowCloseDuringReadTests
{
    private const long Second = 1_000_000;

    [Theory]
    [InlineData(50_000)]
    [InlineData(600_000)]
    public void A_close_during_a_slow_read_counts_constant_power_exactly_once(long overlapMicroseconds)
    {
        var sensor = new SlowSensor(1_000_000);
        var s = new ChannelSampler(new ChannelConfig { ChannelId = 0, Kind = SensorKind.Pzem004t, Address = 1 }, sensor, new EpochAllocator(1));
        var reading = new ChannelReading();

        s.Sample(0);
        sensor.DuringNextRead = () => s.CloseWindow(Second + overlapMicroseconds, reading);
        s.Sample(Second);
        s.Sample(2 * Second);
        s.CloseWindow(2 * Second, reading);

        // 1000 W for 2 s is 2000 J: the overlap between the early stamp and the close must not count twice.
        Assert.Equal(2_000_000, reading.EnergyMillijoules);
    }

    [Fact]
    public void A_sample_stamped_before_the_close_still_sets_the_power_the_next_interval_starts_from()
    {
        var sensor = new SlowSensor(1_000_000);
        var s = new ChannelSampler(new ChannelConfig { ChannelId = 0, Kind = SensorKind.Pzem004t, Address = 1 }, sensor, new EpochAllocator(1));
        var reading = new ChannelReading();

        s.Sample(0);
        sensor.DuringNextRead = () => s.CloseWindow(Second + 50_000, reading);
        sensor.NextMilliwatts = 2_000_000;
        s.Sample(Second);
        s.CloseWindow(2 * Second, reading);

        // [0, 1.05 s] at 1000 W (held to the close), then [1.05 s, 2 s] at the late sample's 2000 W.
        Assert.Equal(1_050_000 + 1_900_000, reading.EnergyMillijoules);
    }

    private sealed class SlowSensor(long milliwatts) : ISensor
    {
        public Action? DuringNextRead { get; set; }

        public long NextMilliwatts { get; set; } = milliwatts;

        public bool Read(PowerSample sample)
        {
            var during = DuringNextRead;
            DuringNextRead = null;
            during?.Invoke();
            sample.PowerMilliwatts = NextMilliwatts;
            sample.VoltageMillivolts = 230_000;
            sample.CurrentMilliamps = NextMilliwatts / 230;
            return true;
        }
    }
}
