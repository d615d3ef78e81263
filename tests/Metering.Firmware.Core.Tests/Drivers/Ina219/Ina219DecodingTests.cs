using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;

namespace Metering.Firmware.Core.Tests.Drivers;

/// <summary>
/// SBOS448 §8.6.3: each data register decoded with its sign and unit, on the datasheet's example calibration
/// (0.1 Ω, 2 A: Current_LSB 100 µA, Power_LSB 2 mW).
/// </summary>
public sealed class Ina219DecodingTests
{
    private readonly RegisterMapBus _bus = new();
    private readonly Ina219 _ina;

    public Ina219DecodingTests() => _ina = new Ina219(_bus, 100_000, 2_000, Ina219BusRange.Volts32);

    [Theory]
    [InlineData(0x0000, 0)]
    [InlineData(0x0001, 10)]
    [InlineData(0xFFFF, -10)] // two's complement: -1 count
    [InlineData(0x0FA0, 40_000)] // +4000: full scale at ÷1
    [InlineData(0xF060, -40_000)] // -4000
    [InlineData(0x7D00, 320_000)] // +32000: full scale at ÷8
    [InlineData(0x8300, -320_000)] // -32000
    [InlineData(0x8000, -327_680)] // most negative code
    public void Shunt_voltage_is_signed_at_10_uV(int raw, int microvolts)
    {
        _bus.Registers[Ina219Registers.ShuntVoltage] = (ushort)raw;

        Assert.Equal(BusStatus.Ok, _ina.ReadShuntVoltage(out var value));
        Assert.Equal(microvolts, value);
    }

    [Theory]
    [InlineData(0x5DC2, 12_000, Ina219Status.Ok)] // 3000 x 4 mV, CNVR
    [InlineData(0x5DC6, 12_000, Ina219Status.Ok)] // bit 2 is unused
    [InlineData(0x5DC0, 12_000, Ina219Status.NotReady)] // CNVR clear: the previous conversion's value
    [InlineData(0x5DC3, 12_000, Ina219Status.Overflow)] // OVF: bus voltage still valid, current and power not
    [InlineData(0x5DC1, 12_000, Ina219Status.NotReady)] // OVF of a conversion already read: not counted again
    [InlineData(0xFA02, 32_000, Ina219Status.Ok)] // 8000: 32 V full scale, bit 15 set and not a sign
    [InlineData(0xFFFA, 32_764, Ina219Status.Ok)]
    [InlineData(0x0002, 0, Ina219Status.Ok)]
    public void Bus_voltage_is_bits_15_3_at_4_mV_with_cnvr_and_ovf(int raw, int millivolts, Ina219Status status)
    {
        _bus.Registers[Ina219Registers.BusVoltage] = (ushort)raw;

        Assert.Equal(status, _ina.ReadBusVoltage(out var value));
        Assert.Equal(millivolts, value);
        Assert.Equal(status == Ina219Status.Overflow ? 1 : 0, _ina.OverflowCount);
        Assert.Equal(status == Ina219Status.NotReady ? 1 : 0, _ina.NotReadyCount);
    }

    [Theory]
    [InlineData(0x2710, 1_000_000)] // 10000 x 100 uA = 1 A
    [InlineData(0x0001, 100)]
    [InlineData(0xFFFF, -100)]
    [InlineData(0xD8F0, -1_000_000)]
    [InlineData(0x7FFF, 3_276_700)]
    [InlineData(0x8000, -3_276_800)]
    public void Current_is_signed_at_current_lsb(int raw, long microamps)
    {
        _bus.Registers[Ina219Registers.Current] = (ushort)raw;

        Assert.Equal(BusStatus.Ok, _ina.ReadCurrent(out var value));
        Assert.Equal(microamps, value);
    }

    [Theory]
    [InlineData(0x1770, 12_000_000)] // 6000 x 2 mW = 12 W
    [InlineData(0x0001, 2_000)]
    [InlineData(0xFFFF, 131_070_000)] // unsigned
    public void Power_is_unsigned_at_power_lsb(int raw, long microwatts)
    {
        _bus.Registers[Ina219Registers.Power] = (ushort)raw;

        Assert.Equal(BusStatus.Ok, _ina.ReadPower(out var value));
        Assert.Equal(microwatts, value);
    }

    [Theory]
    [InlineData(0x0003, 1)] // 3 x 500 nA = 1.5 uA
    [InlineData(0xFFFD, -1)]
    [InlineData(0xFFFF, 0)] // -500 nA
    public void Current_lsbs_below_a_microamp_truncate_toward_zero(int raw, long microamps)
    {
        var bus = new RegisterMapBus();
        var ina = new Ina219(bus, 10_000_000, 16, Ina219BusRange.Volts32);
        bus.Registers[Ina219Registers.Current] = (ushort)raw;

        ina.ReadCurrent(out var value);

        Assert.Equal((500, microamps), (ina.CurrentLsbNanoamps, value));
    }

    public static readonly TheoryData<byte, BusStatus> Failures = new()
    {
        { Ina219Registers.ShuntVoltage, BusStatus.NoAcknowledge },
        { Ina219Registers.BusVoltage, BusStatus.PartialTransfer },
        { Ina219Registers.Current, BusStatus.Error },
        { Ina219Registers.Power, BusStatus.PartialTransfer },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failed_read_returns_its_status_a_zero_value_and_one_count_never_the_bytes(byte register, BusStatus failure)
    {
        _bus.FailReads[register] = failure;

        var status = register switch
        {
            Ina219Registers.ShuntVoltage => (Ina219Status)_ina.ReadShuntVoltage(out var v) + (v == 0 ? 0 : 100),
            Ina219Registers.BusVoltage => _ina.ReadBusVoltage(out var v) + (v == 0 ? 0 : 100),
            Ina219Registers.Current => (Ina219Status)_ina.ReadCurrent(out var v) + (v == 0 ? 0 : 100),
            _ => (Ina219Status)_ina.ReadPower(out var v) + (v == 0 ? 0 : 100),
        };

        Assert.Equal((Ina219Status)failure, status);
        Assert.Equal(failure == BusStatus.NoAcknowledge ? (1, 0) : (0, 1), (_ina.NackCount, _ina.BusErrorCount));
    }
}
