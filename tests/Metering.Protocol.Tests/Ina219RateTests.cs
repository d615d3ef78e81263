namespace Metering.Protocol.Tests;

/// <summary>
/// An INA219 reading is fresh only after a whole conversion cycle: the shunt ADC (adc_avg 12-bit conversions) then the
/// bus ADC (one 12-bit conversion, 532 µs), SBOS448 §8.6.2.1. A rate whose period is shorter than that cycle reads
/// stale registers most of the time, so config validation refuses it and names the field.
/// </summary>
public sealed class Ina219RateTests
{
    [Theory]
    [InlineData(64, 28, null)] // 34,050 + 532 = 34,582 µs fits 35,714 µs
    [InlineData(64, 29, "rate_hz")] // 34,482 µs is shorter
    [InlineData(64, 100, "rate_hz")] // the review's case: three reads in four were not ready
    [InlineData(0, 28, null)] // adc_avg absent is 64
    [InlineData(0, 29, "rate_hz")]
    [InlineData(128, 14, null)] // 68,100 + 532 = 68,632 µs fits 71,428 µs
    [InlineData(128, 15, "rate_hz")]
    [InlineData(32, 56, null)] // 17,020 + 532 = 17,552 µs fits 17,857 µs
    [InlineData(32, 57, "rate_hz")]
    [InlineData(16, 100, null)] // 8,510 + 532 = 9,042 µs fits 10,000 µs
    [InlineData(1, 100, null)]
    [InlineData(128, 0, "adc_avg")] // rate_hz absent is 20 Hz (50 ms): the averaging is what does not fit
    public void A_rate_faster_than_one_conversion_cycle_is_refused_naming_the_field(int adcAverage, int rateHz, string? field)
    {
        var json = "{\"v\":1,\"device\":\"d\",\"rev\":1,\"channels\":[{\"id\":0,\"kind\":\"ina219\",\"addr\":64"
            + (rateHz == 0 ? "" : ",\"rate_hz\":" + rateHz) + ",\"shunt_uohm\":1000,\"max_ma\":50000"
            + (adcAverage == 0 ? "" : ",\"adc_avg\":" + adcAverage) + "}]}";

        var config = ConfigCodec.Decode(System.Text.Encoding.UTF8.GetBytes(json), out var error);

        if (field is null)
        {
            Assert.Null(error);
            Assert.NotNull(config);
            return;
        }

        Assert.Null(config);
        Assert.Equal(("out_of_range", "channels[0]." + field), (error!.Code, error.Field));
        Assert.Contains("conversion", error.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1_064)]
    [InlineData(2, 1_592)]
    [InlineData(64, 34_582)]
    [InlineData(128, 68_632)]
    public void The_cycle_is_the_shunt_averaging_time_plus_one_bus_conversion(int adcAverage, int microseconds) =>
        Assert.Equal(microseconds, Ina219Timing.CycleMicroseconds(adcAverage));
}
