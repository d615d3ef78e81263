using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;

namespace Metering.Firmware.Core.Tests.Drivers;

/// <summary>
/// A plain INA219 register map: stores what is written (RST restores power-on values, calibration bit 0 is void), logs
/// every transfer, and fails chosen registers. A failed read hands back 0xBEEF so a driver that used it would show.
/// </summary>
internal sealed class RegisterMapBus : IRegisterBus
{
    public const ushort Garbage = 0xBEEF;

    public RegisterMapBus() => Registers[Ina219Registers.Configuration] = Ina219Registers.PowerOnConfiguration;

    public ushort[] Registers { get; } = new ushort[6];

    public List<string> Log { get; } = [];

    public Dictionary<byte, BusStatus> FailReads { get; } = [];

    public Dictionary<byte, BusStatus> FailWrites { get; } = [];

    /// <summary>Registers that acknowledge writes but keep their value (another chip at the address, a stuck bit).</summary>
    public HashSet<byte> IgnoreWrites { get; } = [];

    public BusStatus Write(byte register, ushort value)
    {
        Log.Add($"W{register}={value:X4}");
        if (FailWrites.TryGetValue(register, out var status))
        {
            return status;
        }

        if (IgnoreWrites.Contains(register))
        {
            return BusStatus.Ok;
        }

        if (register == Ina219Registers.Configuration && (value & Ina219Registers.ResetBit) != 0)
        {
            Array.Clear(Registers);
            Registers[Ina219Registers.Configuration] = Ina219Registers.PowerOnConfiguration;
            return BusStatus.Ok;
        }

        Registers[register] = register == Ina219Registers.Calibration ? (ushort)(value & Ina219Registers.CalibrationMask) : value;
        return BusStatus.Ok;
    }

    public BusStatus Read(byte register, out ushort value)
    {
        Log.Add($"R{register}");
        if (FailReads.TryGetValue(register, out var status))
        {
            value = Garbage;
            return status;
        }

        value = Registers[register];
        return BusStatus.Ok;
    }

    /// <summary>Loads one conversion's results: bus voltage count with CNVR (and OVF), shunt, current and power counts.</summary>
    public void Load(int busCount, short shunt, short current, ushort power, bool ready = true, bool overflow = false)
    {
        Registers[Ina219Registers.BusVoltage] = (ushort)((busCount << 3) | (ready ? 2 : 0) | (overflow ? 1 : 0));
        Registers[Ina219Registers.ShuntVoltage] = (ushort)shunt;
        Registers[Ina219Registers.Current] = (ushort)current;
        Registers[Ina219Registers.Power] = power;
    }
}
