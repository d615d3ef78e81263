using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;

namespace Metering.Firmware.Core.Tests.Drivers;

/// <summary>SBOS448 §8.5.1: Current_LSB, Cal = trunc(0.04096 / (Current_LSB x R)), Power_LSB = 20 x Current_LSB, in integers.</summary>
public sealed class Ina219CalibrationTests
{
    [Fact]
    public void Datasheet_example_0_1_ohm_2_A_32_V_gives_100_uA_cal_4096_2_mW_and_the_device_holds_4096()
    {
        var clock = new SimulatedClock();
        var device = new VirtualIna219(new ConstantLoad(0), clock, 100_000);
        var ina = new Ina219(device, shuntMicroohms: 100_000, maxCurrentMilliamps: 2_000, Ina219BusRange.Volts32);

        Assert.Equal(100_000, ina.CurrentLsbNanoamps);
        Assert.Equal(4096, ina.CalibrationValue);
        Assert.Equal(2_000, ina.PowerLsbMicrowatts);
        Assert.Equal(Ina219Gain.Millivolts320, ina.Gain);
        Assert.Equal(BusStatus.Ok, ina.Initialize());
        Assert.Equal(0x1000, device.Peek(Ina219Registers.Calibration));
    }

    [Fact]
    public void A_1_milliohm_shunt_for_a_50_A_gpu_rail_gives_2_mA_cal_20480_40_mW_on_the_80_mV_range()
    {
        var ina = new Ina219(new RegisterMapBus(), 1_000, 50_000, Ina219BusRange.Volts16);

        Assert.Equal(2_000_000, ina.CurrentLsbNanoamps);
        Assert.Equal(20480, ina.CalibrationValue);
        Assert.Equal(40_000, ina.PowerLsbMicrowatts);
        Assert.Equal(Ina219Gain.Millivolts80, ina.Gain);
    }

    [Theory]
    [InlineData(100_000, 2_000, 100_000, 4096, Ina219Gain.Millivolts320)] // datasheet: 61,035 nA -> 100 uA
    [InlineData(100_000, 3_200, 100_000, 4096, Ina219Gain.Millivolts320)] // exactly 320 mV still fits
    [InlineData(100_000, 400, 20_000, 20480, Ina219Gain.Millivolts40)] // exactly 40 mV takes the 40 mV range
    [InlineData(100_000, 401, 20_000, 20480, Ina219Gain.Millivolts80)] // 40.1 mV needs the next
    [InlineData(1_000, 32_768, 1_000_000, 40960, Ina219Gain.Millivolts40)] // 2^15 mA: the LSB needs no rounding
    [InlineData(1_000, 32_769, 2_000_000, 20480, Ina219Gain.Millivolts40)] // one mA more rounds up to 2 mA
    [InlineData(11_000, 10_000, 500_000, 7446, Ina219Gain.Millivolts160)] // trunc gives 7447: bit 0 is void
    [InlineData(100, 1_000_000, 50_000_000, 8192, Ina219Gain.Millivolts160)] // smallest shunt, largest current
    [InlineData(10_000_000, 32, 1_000, 4096, Ina219Gain.Millivolts320)] // largest shunt
    public void Calibration_table(int shuntMicroohms, int maxMilliamps, long lsbNanoamps, int calibration, Ina219Gain gain)
    {
        var c = new Ina219Calibration(shuntMicroohms, maxMilliamps);

        Assert.Equal((lsbNanoamps, calibration, gain, lsbNanoamps * 20 / 1000), (c.CurrentLsbNanoamps, (int)c.CalibrationValue, c.Gain, c.PowerLsbMicrowatts));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 5)]
    [InlineData(6, 10)]
    [InlineData(10, 10)]
    [InlineData(11, 20)]
    [InlineData(61_036, 100_000)]
    [InlineData(200_001, 500_000)]
    [InlineData(500_001, 1_000_000)]
    public void Current_lsb_rounds_up_to_the_next_1_2_5_value(long value, long expected) =>
        Assert.Equal(expected, Ina219Calibration.RoundUpToOneTwoFive(value));

    /// <summary>An independent oracle in decimal: any shunt and current either build the datasheet's numbers or are refused for the reason the numbers give.</summary>
    [Property(MaxTest = 2000)]
    public Property Any_hardware_gets_the_datasheet_calibration_or_a_refusal_naming_why() =>
        Prop.ForAll(LogUniform(100, 10_000_000).ToArbitrary(), LogUniform(1, 1_000_000).ToArbitrary(), (shunt, maxMilliamps) =>
        {
            var dropMicrovolts = (decimal)maxMilliamps * shunt / 1000m;
            var lsb = OneTwoFive().First(v => v * 32768m >= maxMilliamps * 1_000_000m);
            var cal = Math.Floor(0.04096m / (lsb * 1e-9m * shunt * 1e-6m));
            if (dropMicrovolts > 320_000m || cal > 65534m)
            {
                var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Ina219Calibration(shunt, maxMilliamps));
                return e.ParamName == "maxCurrentMilliamps" && e.Message.Contains(dropMicrovolts > 320_000m ? "320 mV" : "65534");
            }

            var c = new Ina219Calibration(shunt, maxMilliamps);
            var gain = (Ina219Gain)Enumerable.Range(0, 4).First(g => dropMicrovolts <= 40_000m * (1 << g));
            return c.CurrentLsbNanoamps == lsb && c.CalibrationValue == ((long)cal & 0xFFFE) && c.Gain == gain
                && c.PowerLsbMicrowatts * 1000 == 20 * lsb && c.CalibrationValue >= 1676;
        });

    private static Gen<int> LogUniform(int min, int max) =>
        Gen.Choose(0, 1_000_000).Select(x => (int)Math.Clamp(Math.Round(min * Math.Pow((double)max / min, x / 1e6)), min, max));

    private static IEnumerable<long> OneTwoFive()
    {
        for (long decade = 1; ; decade *= 10)
        {
            yield return decade;
            yield return 2 * decade;
            yield return 5 * decade;
        }
    }
}
