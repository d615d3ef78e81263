using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;

namespace Metering.Firmware.Core.Tests.Drivers;

/// <summary>The virtual INA219 against the datasheet's register behaviour, since the driver's tests take it as the chip.</summary>
public sealed class VirtualIna219Tests
{
    private readonly SimulatedClock _clock = new();

    [Fact]
    public void Powers_on_with_0x399F_calibration_0_and_no_conversion_ready()
    {
        var device = new VirtualIna219(new ConstantLoad(12), _clock, 100_000);

        Assert.Equal(0x399F, device.Peek(Ina219Registers.Configuration));
        Assert.Equal(0, device.Peek(Ina219Registers.Calibration));
        Assert.Equal(0, device.Peek(Ina219Registers.BusVoltage) & Ina219Registers.ConversionReadyBit);
    }

    [Fact]
    public void The_reset_bit_restores_power_on_values_and_clears_itself()
    {
        var device = new VirtualIna219(new ConstantLoad(12), _clock, 100_000);
        device.Write(Ina219Registers.Configuration, 0x019F);
        device.Write(Ina219Registers.Calibration, 4096);

        device.Write(Ina219Registers.Configuration, Ina219Registers.ResetBit);

        Assert.Equal(0x399F, device.Peek(Ina219Registers.Configuration));
        Assert.Equal(0, device.Peek(Ina219Registers.Calibration));
    }

    [Fact]
    public void Calibration_bit_0_cannot_hold_a_1()
    {
        var device = new VirtualIna219(new ConstantLoad(12), _clock, 100_000);

        device.Write(Ina219Registers.Calibration, 0x1001);

        Assert.Equal(0x1000, device.Peek(Ina219Registers.Calibration));
    }

    [Theory]
    [InlineData(12.0, 4096, false, 10_000, 10_000, 6_000)] // 1 A on 0.1 Ohm at 12 V, datasheet calibration
    [InlineData(11.0, 4094, false, 9_167, 9_162, 5_497)] // 9162.5 and 5497.2, truncated
    [InlineData(11.0, 4094, true, -9_167, -9_162, 5_497)] // toward zero; power holds the magnitude
    [InlineData(12.0, 0, false, 10_000, 0, 0)] // uncalibrated: current and power read 0
    public void Current_and_power_follow_the_datasheet_equations_in_register_counts(double watts, int calibration, bool reversed, int shunt, int current, int power)
    {
        var device = new VirtualIna219(new ConstantLoad(watts), _clock, 100_000) { Reversed = reversed };
        device.Write(Ina219Registers.Calibration, (ushort)calibration);

        _clock.Advance(1_064); // 12-bit shunt then 12-bit bus

        Assert.Equal((short)shunt, (short)device.Peek(Ina219Registers.ShuntVoltage));
        Assert.Equal(0x5DC2, device.Peek(Ina219Registers.BusVoltage)); // 3000 x 4 mV, CNVR
        Assert.Equal((short)current, (short)device.Peek(Ina219Registers.Current));
        Assert.Equal(power, device.Peek(Ina219Registers.Power));
    }

    [Theory]
    [InlineData(false, 0x0FA0)]
    [InlineData(true, 0xF060)]
    public void The_shunt_register_clips_at_the_pga_range_and_sets_ovf(bool reversed, int clipped)
    {
        var device = new VirtualIna219(new ConstantLoad(12), _clock, 100_000) { Reversed = reversed }; // 100 mV
        device.Write(Ina219Registers.Configuration, 0x399F & ~Ina219Registers.GainMask); // ±40 mV

        _clock.Advance(1_064);

        Assert.Equal(clipped, device.Peek(Ina219Registers.ShuntVoltage));
        Assert.Equal(Ina219Registers.MathOverflowBit, device.Peek(Ina219Registers.BusVoltage) & Ina219Registers.MathOverflowBit);
    }

    [Fact]
    public void Cnvr_is_set_when_the_conversion_cycle_ends_and_cleared_by_reading_power_or_writing_the_configuration()
    {
        var device = new VirtualIna219(new ConstantLoad(12), _clock, 100_000);
        bool Ready() => (device.Peek(Ina219Registers.BusVoltage) & Ina219Registers.ConversionReadyBit) != 0;

        _clock.Advance(1_063);
        Assert.False(Ready());
        _clock.Advance(1);
        Assert.True(Ready());
        device.Read(Ina219Registers.Power, out _);
        Assert.False(Ready());
        _clock.Advance(1_064);
        Assert.True(Ready());
        device.Write(Ina219Registers.Configuration, 0x399F);
        Assert.False(Ready());
    }

    [Fact]
    public void A_conversion_reports_the_mean_load_over_the_shunt_window_not_the_instant()
    {
        // 12-bit shunt then 12-bit bus: the first shunt window is [0, 532) us; the load steps from 0 to 120 W at 266 us.
        var device = new VirtualIna219(new StepLoad(0, 120, 266), _clock, 1_000);
        device.Write(Ina219Registers.Calibration, 20480);

        _clock.Advance(1_064);

        Assert.Equal(500, (short)device.Peek(Ina219Registers.ShuntVoltage)); // 60 W / 12 V = 5 A x 1 mOhm = 5 mV
    }

    [Fact]
    public void The_bus_voltage_is_the_mean_of_the_ripple_over_the_bus_window()
    {
        // Ripple period 1064 us: the bus window [532, 1064) is the sine's negative half, mean -2/pi x 0.5 V.
        var device = new VirtualIna219(new ConstantLoad(0), _clock, 1_000) { RippleVolts = 0.5, RipplePeriodMicroseconds = 1_064 };

        _clock.Advance(1_064);

        Assert.Equal(2920, device.Peek(Ina219Registers.BusVoltage) >> 3); // 11.682 V; the instant would read 12 V
    }

    [Fact]
    public void Triggered_mode_converts_once_per_configuration_write_and_power_down_not_at_all()
    {
        var device = new VirtualIna219(new ConstantLoad(12), _clock, 100_000);
        device.Write(Ina219Registers.Configuration, (0x399F & ~Ina219Registers.ModeMask) | (int)Ina219Mode.ShuntAndBusTriggered);

        _clock.Advance(100_000);
        device.Peek(Ina219Registers.BusVoltage); // conversions are computed when the device is accessed
        Assert.Equal(1, device.ConversionCount);

        device.Write(Ina219Registers.Configuration, (0x399F & ~Ina219Registers.ModeMask) | (int)Ina219Mode.PowerDown);
        _clock.Advance(100_000);
        device.Peek(Ina219Registers.BusVoltage);
        Assert.Equal(1, device.ConversionCount);
    }

    [Fact]
    public void Faults_are_deterministic_and_change_nothing()
    {
        var device = new VirtualIna219(new ConstantLoad(12), _clock, 100_000) { FailEveryNthTransfer = 3 };

        var statuses = Enumerable.Range(0, 6).Select(_ => device.Write(Ina219Registers.Calibration, 4096)).ToArray();
        Assert.Equal([BusStatus.Ok, BusStatus.Ok, BusStatus.Error, BusStatus.Ok, BusStatus.Ok, BusStatus.Error], statuses);

        device.FailEveryNthTransfer = 0;
        device.FailNextTransfers(2, BusStatus.PartialTransfer);
        Assert.Equal(BusStatus.PartialTransfer, device.Write(Ina219Registers.Calibration, 2));
        Assert.Equal(BusStatus.PartialTransfer, device.Read(Ina219Registers.Calibration, out _));
        Assert.Equal(BusStatus.Ok, device.Read(Ina219Registers.Calibration, out var calibration));
        Assert.Equal(4096, calibration);

        device.Absent = true;
        Assert.Equal(BusStatus.NoAcknowledge, device.Write(Ina219Registers.Calibration, 2));
        Assert.Equal(4, device.InjectedFailureCount);
    }

    [Fact]
    public void Power_cycle_loses_the_calibration()
    {
        var device = new VirtualIna219(new ConstantLoad(12), _clock, 100_000);
        device.Write(Ina219Registers.Calibration, 4096);

        device.PowerCycle();
        _clock.Advance(1_064);

        Assert.Equal(0, device.Peek(Ina219Registers.Calibration));
        Assert.Equal(0, device.Peek(Ina219Registers.Current));
        Assert.Equal(10_000, device.Peek(Ina219Registers.ShuntVoltage));
    }
}
