using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;

namespace Metering.Firmware.Core.Tests.Drivers;

/// <summary>SBOS448 §8.6.2.1: each configuration field written and read back raw, every other bit left as it was.</summary>
public sealed class Ina219ConfigurationTests
{
    /// <summary>A field: its mask and shift as the datasheet draws them, its valid values, and the driver's setter.</summary>
    public sealed record Field(string Name, ushort Mask, int Shift, int[] Values, Func<Ina219, int, BusStatus> Set)
    {
        public override string ToString() => Name;
    }

    public static readonly TheoryData<Field> Fields =
    [
        new Field("BRNG bit 13", 0x2000, 13, [0, 1], (ina, v) => ina.SetBusRange((Ina219BusRange)v)),
        new Field("PG bits 12:11", 0x1800, 11, [0, 1, 2, 3], (ina, v) => ina.SetGain((Ina219Gain)v)),
        new Field("BADC bits 10:7", 0x0780, 7, [0, 1, 2, 3, 9, 10, 11, 12, 13, 14, 15], (ina, v) => ina.SetBusAdc((Ina219AdcSetting)v)),
        new Field("SADC bits 6:3", 0x0078, 3, [0, 1, 2, 3, 9, 10, 11, 12, 13, 14, 15], (ina, v) => ina.SetShuntAdc((Ina219AdcSetting)v)),
        new Field("MODE bits 2:0", 0x0007, 0, [0, 1, 2, 3, 4, 5, 6, 7], (ina, v) => ina.SetMode((Ina219Mode)v)),
    ];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Each_setter_writes_its_field_and_leaves_every_other_bit_as_it_was(Field field)
    {
        foreach (var before in new ushort[] { 0x0000, 0x399F, 0x7FFF, 0x5555, 0x2AAA })
        {
            foreach (var value in field.Values)
            {
                var bus = new RegisterMapBus();
                bus.Registers[0] = before;
                var ina = new Ina219(bus, 100_000, 2_000, Ina219BusRange.Volts32);

                Assert.Equal(BusStatus.Ok, field.Set(ina, value));

                var after = bus.Registers[0];
                Assert.Equal(value, (after & field.Mask) >> field.Shift);
                Assert.Equal(before & ~field.Mask, after & ~field.Mask);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void Each_field_reads_back_raw_from_the_virtual_device(Field field)
    {
        var device = new VirtualIna219(new ConstantLoad(10), new SimulatedClock(), 1_000);
        var ina = new Ina219(device, 1_000, 50_000, Ina219BusRange.Volts16);

        foreach (var value in field.Values)
        {
            Assert.Equal(BusStatus.Ok, field.Set(ina, value));
            Assert.Equal(value, (device.Peek(Ina219Registers.Configuration) & field.Mask) >> field.Shift);
        }
    }

    [Fact]
    public void Setting_the_shunt_adc_leaves_the_bus_adc_alone_which_dotnet_iot_does_not()
    {
        var bus = new RegisterMapBus();
        var ina = new Ina219(bus, 100_000, 2_000, Ina219BusRange.Volts32);

        ina.SetShuntAdc(Ina219AdcSetting.Average128);

        Assert.Equal(0x39FF, bus.Registers[0]); // SADC 0011 -> 1111, BADC still 0011
        Assert.Equal(Ina219AdcSetting.Average128, ina.ShuntAdc);
        Assert.Equal(Ina219AdcSetting.Bits12, ina.BusAdc);
    }

    [Fact]
    public void Power_on_configuration_is_0x399F_32_V_320_mV_12_bit_12_bit_shunt_and_bus_continuous()
    {
        var device = new VirtualIna219(new ConstantLoad(0), new SimulatedClock(), 1_000);
        ushort c = Ina219Registers.PowerOnConfiguration;

        Assert.Equal(0x399F, device.Peek(Ina219Registers.Configuration));
        Assert.Equal(
            (1, 3, 3, 3, 7),
            ((c & Ina219Registers.BusRangeMask) >> 13, (c & Ina219Registers.GainMask) >> 11, (c & Ina219Registers.BusAdcMask) >> 7,
             (c & Ina219Registers.ShuntAdcMask) >> 3, c & Ina219Registers.ModeMask));
    }

    [Fact]
    public void Initialize_resets_then_writes_configuration_and_calibration_then_reads_both_back()
    {
        var bus = new RegisterMapBus();
        var ina = new Ina219(bus, 100_000, 2_000, Ina219BusRange.Volts32);

        Assert.Equal(BusStatus.Ok, ina.Initialize());

        // 32 V | 320 mV | BADC 12-bit | SADC 64 samples (the default) | shunt and bus continuous
        Assert.Equal(0x39F7, ina.ConfigurationValue);
        Assert.Equal(["W0=8000", "W0=39F7", "W5=1000", "R0", "R5"], bus.Log);
        Assert.True(ina.IsInitialized);
    }

    [Fact]
    public void Initialize_keeps_settings_changed_by_setters_so_a_re_initialization_restores_them()
    {
        var bus = new RegisterMapBus();
        var ina = new Ina219(bus, 1_000, 50_000, Ina219BusRange.Volts16);
        ina.SetShuntAdc(Ina219AdcSetting.Average64);
        ina.SetBusRange(Ina219BusRange.Volts32);

        ina.Initialize();

        Assert.Equal(0xE, (bus.Registers[0] & Ina219Registers.ShuntAdcMask) >> 3);
        Assert.Equal(1, (bus.Registers[0] & Ina219Registers.BusRangeMask) >> 13);
        Assert.Equal(ina.ConfigurationValue, bus.Registers[0]);
    }

    [Fact]
    public void A_setter_whose_read_fails_writes_nothing_and_keeps_the_old_setting()
    {
        var bus = new RegisterMapBus();
        var ina = new Ina219(bus, 1_000, 50_000, Ina219BusRange.Volts16);
        bus.FailReads[0] = BusStatus.NoAcknowledge;

        Assert.Equal(BusStatus.NoAcknowledge, ina.SetMode(Ina219Mode.PowerDown));

        Assert.DoesNotContain(bus.Log, t => t.StartsWith('W'));
        Assert.Equal(Ina219Mode.ShuntAndBusContinuous, ina.Mode);
        Assert.Equal(1, ina.NackCount);
    }

    [Fact]
    public void Setters_refuse_values_outside_their_field()
    {
        var ina = new Ina219(new RegisterMapBus(), 1_000, 50_000, Ina219BusRange.Volts16);

        Assert.Equal("range", Assert.Throws<ArgumentOutOfRangeException>(() => ina.SetBusRange((Ina219BusRange)2)).ParamName);
        Assert.Equal("gain", Assert.Throws<ArgumentOutOfRangeException>(() => ina.SetGain((Ina219Gain)4)).ParamName);
        Assert.Equal("setting", Assert.Throws<ArgumentOutOfRangeException>(() => ina.SetBusAdc((Ina219AdcSetting)8)).ParamName);
        Assert.Equal("setting", Assert.Throws<ArgumentOutOfRangeException>(() => ina.SetShuntAdc((Ina219AdcSetting)16)).ParamName);
        Assert.Equal("mode", Assert.Throws<ArgumentOutOfRangeException>(() => ina.SetMode((Ina219Mode)8)).ParamName);
    }
}
