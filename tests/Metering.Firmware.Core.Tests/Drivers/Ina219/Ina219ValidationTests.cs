using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;

namespace Metering.Firmware.Core.Tests.Drivers;

/// <summary>The constructor takes what the hardware is and refuses what cannot work, naming the parameter at fault.</summary>
public sealed class Ina219ValidationTests
{
    [Theory]
    [InlineData(99, 1_000, 1, "shuntMicroohms", "100..10000000")]
    [InlineData(10_000_001, 1, 1, "shuntMicroohms", "100..10000000")]
    [InlineData(-5, 1_000, 1, "shuntMicroohms", "100..10000000")]
    [InlineData(1_000, 0, 1, "maxCurrentMilliamps", "1..1000000")]
    [InlineData(1_000, 1_000_001, 1, "maxCurrentMilliamps", "1..1000000")]
    [InlineData(1_000, 50_000, 2, "busRange", "16 V or 32 V")]
    [InlineData(1_000, 50_000, -1, "busRange", "16 V or 32 V")]
    [InlineData(100_000, 3_201, 1, "maxCurrentMilliamps", "320 mV")] // 320.1 mV across the shunt
    [InlineData(10_000_000, 1_000, 1, "maxCurrentMilliamps", "320 mV")]
    [InlineData(1_000, 5_000, 1, "maxCurrentMilliamps", "65534")] // 5 mV full scale: calibration 204800
    [InlineData(10_000_000, 1, 1, "maxCurrentMilliamps", "65534")]
    public void Bad_hardware_is_refused_naming_the_parameter(int shuntMicroohms, int maxMilliamps, int busRange, string parameter, string reason)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new Ina219(new RegisterMapBus(), shuntMicroohms, maxMilliamps, (Ina219BusRange)busRange));

        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void A_missing_bus_is_refused() =>
        Assert.Equal("bus", Assert.Throws<ArgumentNullException>(() => new Ina219(null!, 1_000, 50_000, Ina219BusRange.Volts16)).ParamName);

    [Fact]
    public void The_sensor_refuses_a_missing_driver_and_a_check_interval_outside_1_to_100000()
    {
        var ina = new Ina219(new RegisterMapBus(), 1_000, 50_000, Ina219BusRange.Volts16);

        Assert.Equal("driver", Assert.Throws<ArgumentNullException>(() => new Ina219Sensor(null!)).ParamName);
        Assert.Equal("calibrationCheckInterval", Assert.Throws<ArgumentOutOfRangeException>(() => new Ina219Sensor(ina, 0)).ParamName);
        Assert.Equal("calibrationCheckInterval", Assert.Throws<ArgumentOutOfRangeException>(() => new Ina219Sensor(ina, 100_001)).ParamName);
        Assert.Equal(500_000, new Ina219Sensor(ina, 100_000).ReverseCurrentThresholdMicroamps);
    }

    [Fact]
    public void Constructing_touches_no_register()
    {
        var bus = new RegisterMapBus();

        _ = new Ina219(bus, 1_000, 50_000, Ina219BusRange.Volts16);

        Assert.Empty(bus.Log);
    }
}
