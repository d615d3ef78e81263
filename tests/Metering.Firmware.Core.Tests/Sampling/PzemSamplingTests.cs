using Metering.Firmware.Core.Drivers.Pzem004t;
using Metering.Firmware.Core.Sampling;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;

namespace Metering.Firmware.Core.Tests.Sampling;

/// <summary>The PZEM path end to end in the core: driver, Modbus frames, virtual meter whose registers refresh once a second.</summary>
public sealed class PzemSamplingTests
{
    private const double Wh = 3600.0;

    [Theory]
    [InlineData(350.0)]
    [InlineData(2_900.0)]
    [InlineData(20_000.0)]
    public void An_hour_through_the_driver_ends_within_the_register_band_plus_one_refresh_of_energy(double watts)
    {
        var clock = new SimulatedClock();
        var load = new ConstantLoad(watts);
        var bus = new VirtualPzemBus(new VirtualPzem(3, load, clock));
        var sensor = new PzemSensor(new PzemClient(bus, 200, 2, 0), 3);
        var s = new ChannelSampler(new ChannelConfig { ChannelId = 0, Kind = SensorKind.Pzem004t, Address = 3 }, sensor, new EpochAllocator(1));
        s.ScheduleFirst(0);

        while (clock.MonotonicMicroseconds < 3_600_000_000)
        {
            s.SampleIfDue(clock.MonotonicMicroseconds);
            clock.Advance(250_000);
        }

        var truth = load.EnergyJoules(0, clock.MonotonicMicroseconds);
        var counted = s.Counter.Millijoules / 1000.0;
        Assert.InRange(truth - counted, -Wh, (2 * Wh) + (2 * watts));
        Assert.Equal(0, s.ErrorsSinceBoot);
    }
}
