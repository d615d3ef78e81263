using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;
using Metering.Firmware.Host.Loads;

namespace Metering.Firmware.Core.Tests.Drivers;

/// <summary>
/// The device multiplies by the calibration register it holds, trunc(0.04096 / (Current_LSB x R)) with bit 0 cleared,
/// not by the ideal value: one current count is 0.04096 / (Cal x R), the effective LSB. Converting with the nominal
/// Current_LSB reads low by up to 2 / Cal (0.1 % at Cal 1860); the driver converts with the effective LSB.
/// </summary>
public sealed class Ina219EffectiveLsbTests
{
    // 44 mΩ, 7.2 A: nominal Current_LSB 500 µA, ideal Cal 1861.8, register 1860: the nominal LSB reads 0.098 % low.
    private const int Shunt = 44_000;
    private const int MaxMilliamps = 7_200;

    [Fact]
    public void A_calibration_truncated_by_two_counts_still_reads_a_steady_current_and_power_within_one_lsb()
    {
        var rig = new Ina219Rig(new ConstantLoad(7.0 * 12.0), Shunt, MaxMilliamps, busVolts: 12.0).Started();
        Assert.Equal((500_000L, (ushort)1860), (rig.Driver.CurrentLsbNanoamps, rig.Driver.CalibrationValue));

        Assert.True(rig.Read());
        rig.Driver.ReadCurrent(out var microamps);

        // One effective LSB (500.5 µA) plus the shunt register's rounding (5 µV / 44 mΩ = 114 µA): the nominal LSB is 7 mA off.
        Assert.InRange(microamps, 7_000_000 - 615, 7_000_000 + 615);
        Assert.InRange(rig.Sample.PowerMilliwatts, 84_000 - 35, 84_000 + 35);
    }

    [Theory]
    [InlineData(100_000, 2_000, 10_000, 1_000_000)] // datasheet: Cal 4096 is exact, so 10,000 counts are 1 A
    [InlineData(1_000, 50_000, 12_500, 25_000_000)] // GPU rail: Cal 20480 is exact
    [InlineData(44_000, 7_200, 13_986, 6_999_835)] // Cal 1860 of 1861.8: 13,986 counts x 500.49 µA
    [InlineData(44_000, 7_200, -13_986, -6_999_835)] // signed, truncated toward zero
    public void A_current_count_is_converted_with_the_effective_lsb(int shunt, int maxMilliamps, short count, long microamps) =>
        Assert.Equal(microamps, new Ina219Calibration(shunt, maxMilliamps).CurrentMicroamps(count));
}
