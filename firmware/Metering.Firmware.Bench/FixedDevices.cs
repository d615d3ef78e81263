using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Pzem004t;

namespace Metering.Firmware.Bench;

/// <summary>Sensors that cost nothing, to measure the sampler alone.</summary>
internal sealed class FixedSensor : ISensor
{
    public bool Read(PowerSample sample)
    {
        sample.PowerMilliwatts = 402_110;
        sample.VoltageMillivolts = 12_041;
        sample.CurrentMilliamps = 33_394;
        sample.MeterEnergyWattHours = -1;
        return true;
    }
}

/// <summary>An INA219 register map frozen at a 12 V, 33 A reading, with CNVR always set: the driver's decode cost without a bus.</summary>
internal sealed class FixedIna219Bus : IRegisterBus
{
    private readonly ushort[] _registers = new ushort[6];

    public FixedIna219Bus(ushort calibration)
    {
        _registers[0] = 0x3C1F;
        _registers[1] = 3339;
        _registers[2] = (ushort)((12_041 / 4 << 3) | 0x2);
        _registers[3] = 10_000;
        _registers[4] = 16_697;
        _registers[5] = calibration;
    }

    public BusStatus Write(byte register, ushort value)
    {
        if (register == 5 || register == 0)
        {
            _registers[register] = (ushort)(register == 0 ? value & 0x7FFF : value);
        }

        return BusStatus.Ok;
    }

    public BusStatus Read(byte register, out ushort value)
    {
        value = _registers[register];
        return BusStatus.Ok;
    }
}

/// <summary>A UART where a PZEM at address 1 answers every read request with the same 25-byte reply.</summary>
internal sealed class FixedPzemPort : ISerialPort
{
    private readonly byte[] _reply = new byte[25];
    private int _position = 25;

    public FixedPzemPort()
    {
        byte[] data = [0x01, 0x04, 0x14, 0x08, 0xFC, 0x18, 0x43, 0x00, 0x00, 0x37, 0x2B, 0x00, 0x00, 0x1F, 0x40, 0x00, 0x00, 0x01, 0xF4, 0x00, 0x62, 0x00, 0x00];
        data.CopyTo(_reply, 0);
        var crc = ModbusCrc.Compute(_reply, 0, 23);
        _reply[23] = (byte)crc;
        _reply[24] = (byte)(crc >> 8);
    }

    public void DiscardInput()
    {
    }

    public void Write(byte[] buffer, int offset, int count) => _position = 0;

    public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        var n = Math.Min(count, _reply.Length - _position);
        Array.Copy(_reply, _position, buffer, offset, n);
        _position += n;
        return n;
    }
}
