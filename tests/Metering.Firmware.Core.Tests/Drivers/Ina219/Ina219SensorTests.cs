using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;
using Metering.Firmware.Host.Loads;

namespace Metering.Firmware.Core.Tests.Drivers;

/// <summary>The sensor against the virtual INA219: the right power within the LSB-derived tolerance, the sign rule, no allocation.</summary>
public sealed class Ina219SensorTests
{
    [Theory]
    [InlineData(1_000, 50_000, 12.0, 0.0)]
    [InlineData(1_000, 50_000, 12.0, 1.0)]
    [InlineData(1_000, 50_000, 12.0, 100.0)]
    [InlineData(1_000, 50_000, 12.0, 333.3)]
    [InlineData(1_000, 50_000, 12.0, 600.0)] // 50 A
    [InlineData(1_000, 50_000, 11.4, 450.0)] // a sagging rail
    [InlineData(100_000, 2_000, 12.0, 12.0)] // datasheet calibration, 1 A
    [InlineData(100_000, 2_000, 5.0, 7.77)]
    public void A_constant_load_reads_its_power_within_the_lsb_tolerance(int shunt, int maxMilliamps, double volts, double watts)
    {
        var rig = new Ina219Rig(new ConstantLoad(watts), shunt, maxMilliamps, volts).Started();

        for (var i = 0; i < 5; i++)
        {
            Assert.True(rig.Read(), rig.Sample.Fault);
            Assert.InRange(rig.Sample.PowerMilliwatts, (watts * 1000) - rig.ToleranceMilliwatts(volts, watts / volts), (watts * 1000) + rig.ToleranceMilliwatts(volts, watts / volts));
            Assert.InRange(rig.Sample.VoltageMillivolts, (volts * 1000) - 2, (volts * 1000) + 2);
            Assert.InRange(rig.Sample.CurrentMilliamps, (watts / volts * 1000) - 8, (watts / volts * 1000) + 8);
            Assert.Equal(-1, rig.Sample.MeterEnergyWattHours);
            Assert.Null(rig.Sample.Fault);
        }
    }

    [Property(MaxTest = 300)]
    public Property Any_steady_load_up_to_the_maximum_current_reads_within_tolerance() =>
        Prop.ForAll(Gen.Choose(0, 600_000).ToArbitrary(), Gen.Choose(10_000, 13_000).ToArbitrary(), (milliwatts, millivolts) =>
        {
            double watts = milliwatts / 1000.0, volts = millivolts / 1000.0;
            var rig = new Ina219Rig(new ConstantLoad(watts), 1_000, 50_000, volts).Started();
            return rig.Read() && Math.Abs(rig.Sample.PowerMilliwatts - milliwatts) <= rig.ToleranceMilliwatts(volts, watts / volts);
        });

    [Fact]
    public void A_backwards_shunt_reads_negative_but_samples_zero_power_and_is_counted()
    {
        var rig = new Ina219Rig(new ConstantLoad(120)).Started();
        rig.Device.Reversed = true;

        Assert.True(rig.Read());

        Assert.Equal((0, 0, 12_000), (rig.Sample.PowerMilliwatts, rig.Sample.CurrentMilliamps, rig.Sample.VoltageMillivolts));
        Assert.Equal(1, rig.Sensor.ReverseCurrentSamples);
        rig.Driver.ReadShuntVoltage(out var shuntMicrovolts);
        rig.Driver.ReadCurrent(out var microamps);
        rig.Driver.ReadPower(out var microwatts);
        Assert.Equal((-10_000, -10_000_000L, 120_000_000L), (shuntMicrovolts, microamps, microwatts)); // the power register has no sign
    }

    [Theory]
    [InlineData(0, 0, false)]
    [InlineData(-1, 0, false)] // noise around zero
    [InlineData(-200, 0, false)] // exactly 1 % of 2 A: not more negative than the threshold
    [InlineData(-201, 0, true)]
    [InlineData(-32768, 0, true)]
    [InlineData(5_000, 6_000, false)] // 0.5 A, 6 W
    public void Negative_current_gives_zero_power_and_beyond_one_percent_is_counted(int currentCount, long milliwatts, bool counted)
    {
        var bus = new RegisterMapBus();
        var sensor = new Ina219Sensor(new Ina219(bus, 100_000, 2_000, Ina219BusRange.Volts32));
        var sample = new PowerSample();
        sensor.Read(sample); // initializes
        bus.Load(busCount: 3000, shunt: (short)currentCount, current: (short)currentCount, power: (ushort)Math.Abs(currentCount * 3000 / 5000));

        Assert.True(sensor.Read(sample));

        Assert.Equal(milliwatts, sample.PowerMilliwatts);
        Assert.Equal(counted ? 1 : 0, sensor.ReverseCurrentSamples);
        Assert.True(sample.CurrentMilliamps >= 0);
    }

    [Fact]
    public void The_first_read_initializes_the_device_and_reports_not_ready_because_the_conversion_restarted()
    {
        var rig = new Ina219Rig(new ConstantLoad(100));

        Assert.False(rig.Sensor.Read(rig.Sample));

        Assert.Equal(SensorFaults.NotReady, rig.Sample.Fault);
        Assert.True(rig.Driver.IsInitialized);
        Assert.Equal(rig.Driver.CalibrationValue, rig.Device.Peek(Ina219Registers.Calibration));
        Assert.Equal(rig.Driver.ConfigurationValue, rig.Device.Peek(Ina219Registers.Configuration));
    }

    [Fact]
    public void Ten_thousand_reads_allocate_nothing()
    {
        var rig = new Ina219Rig(new ConstantLoad(250)).Started();
        rig.Read();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var good = 0;
        for (var i = 0; i < 10_000; i++)
        {
            good += rig.Read() ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(10_000, good);
        Assert.Equal(0, allocated);
    }
}
