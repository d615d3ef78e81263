using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;
using Metering.Firmware.Core.Sampling;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;

namespace Metering.Firmware.Core.Tests.Sampling;

/// <summary>
/// CNVR clear (not_ready) means "no new conversion yet", not a failing sensor: a sampler that reads faster than the
/// chip converts must not flap between fault and recovered (each flip would queue a QoS 1 event). Config validation
/// refuses such a rate (Ina219RateTests); the sampler must still be calm if a read comes early, e.g. after a
/// re-initialization restarted the conversion.
/// </summary>
public sealed class Ina219NotReadyTests
{
    [Fact]
    public void Reads_faster_than_the_conversion_cycle_are_neither_errors_nor_a_fault_and_energy_stays_right()
    {
        var clock = new SimulatedClock();
        var device = new VirtualIna219(new ConstantLoad(300), clock, 1_000);
        var sensor = new Ina219Sensor(new Ina219(device, 1_000, 50_000, Ina219BusRange.Volts16, Ina219AdcSetting.Average64));
        var config = new ChannelConfig { ChannelId = 2, Kind = SensorKind.Ina219, Address = 64, RateHz = 100, ShuntMicroohms = 1_000, MaxCurrentMilliamps = 50_000 };
        var s = new ChannelSampler(config, sensor, new EpochAllocator(1));
        s.ScheduleFirst(0);
        var faults = 0;

        while (clock.MonotonicMicroseconds < 10_000_000)
        {
            s.SampleIfDue(clock.MonotonicMicroseconds);
            faults += s.Fault is null ? 0 : 1;
            clock.Advance(1_000);
        }

        Assert.Equal(0, faults);
        Assert.Equal(0, s.ErrorsSinceBoot);
        Assert.Equal(0, s.Window.Errors);
        Assert.InRange(s.Window.Samples, 250, 300);
        // 300 W for 10 s, less the ~80 ms before the first fresh conversion (the initializing read, then one cycle).
        Assert.InRange(s.Counter.Millijoules, 2_970_000, 3_000_000);
    }
}
