using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;

namespace Metering.Firmware.Core.Tests.Drivers;

/// <summary>SBOS448 §8.6.2.1 "ADC Settings": conversion time per code, aliases included, and the contract's adc_avg.</summary>
public sealed class Ina219AdcTests
{
    [Theory]
    [InlineData(0x0, 84)]
    [InlineData(0x1, 148)]
    [InlineData(0x2, 276)]
    [InlineData(0x3, 532)]
    [InlineData(0x4, 84)] // 0X00: bit 2 is don't-care
    [InlineData(0x5, 148)]
    [InlineData(0x6, 276)]
    [InlineData(0x7, 532)]
    [InlineData(0x8, 532)] // 1000: 12-bit
    [InlineData(0x9, 1_060)]
    [InlineData(0xA, 2_130)]
    [InlineData(0xB, 4_260)]
    [InlineData(0xC, 8_510)]
    [InlineData(0xD, 17_020)]
    [InlineData(0xE, 34_050)]
    [InlineData(0xF, 68_100)]
    public void Conversion_time_per_code(int code, int microseconds) =>
        Assert.Equal(microseconds, Ina219Adc.ConversionMicroseconds((Ina219AdcSetting)code));

    [Theory]
    [InlineData(1, Ina219AdcSetting.Bits12)]
    [InlineData(2, Ina219AdcSetting.Average2)]
    [InlineData(4, Ina219AdcSetting.Average4)]
    [InlineData(8, Ina219AdcSetting.Average8)]
    [InlineData(16, Ina219AdcSetting.Average16)]
    [InlineData(32, Ina219AdcSetting.Average32)]
    [InlineData(64, Ina219AdcSetting.Average64)]
    [InlineData(128, Ina219AdcSetting.Average128)]
    public void Adc_avg_maps_to_its_averaging_code(int samples, Ina219AdcSetting setting) =>
        Assert.Equal(setting, Ina219Adc.FromAverageCount(samples));

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-2)]
    [InlineData(256)]
    public void Other_averaging_counts_are_refused(int samples) =>
        Assert.Equal("samples", Assert.Throws<ArgumentOutOfRangeException>(() => Ina219Adc.FromAverageCount(samples)).ParamName);

    [Fact]
    public void Codes_outside_four_bits_are_refused() =>
        Assert.Equal("setting", Assert.Throws<ArgumentOutOfRangeException>(() => Ina219Adc.ConversionMicroseconds((Ina219AdcSetting)16)).ParamName);
}
