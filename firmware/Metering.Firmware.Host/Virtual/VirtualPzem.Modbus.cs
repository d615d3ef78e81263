using Metering.Firmware.Core.Drivers.Pzem004t;

namespace Metering.Firmware.Host.Virtual;

/// <summary>The meter's Modbus-RTU slave: functions 0x03, 0x04, 0x06 and 0x42; error replies for the rest.</summary>
public sealed partial class VirtualPzem
{
    /// <summary>Largest register count one read may ask for (Modbus limit for 0x03/0x04).</summary>
    private const int MaxReadCount = 0x7D;

    /// <summary>
    /// Answers one request frame whose CRC the bus has checked, writing the reply (CRC included, faults applied) into
    /// <paramref name="reply"/>; returns its length, 0 for no reply. A broadcast applies writes and resets silently.
    /// <paramref name="late"/> tells the bus to hold the reply back until the master has stopped waiting.
    /// </summary>
    internal int Answer(ReadOnlySpan<byte> request, byte[] reply, bool broadcast, out bool late)
    {
        late = false;
        lock (_lock)
        {
            if (!_powered)
            {
                return 0;
            }

            if (broadcast)
            {
                Execute(request, reply);
                return 0;
            }

            if (SwallowRequest())
            {
                return 0;
            }

            int length = _slaveErrorsPending > 0 ? Fail(request, reply, PzemRegisters.SlaveError) : Execute(request, reply);
            if (_slaveErrorsPending > 0)
            {
                _slaveErrorsPending--;
            }

            RepliesSent++;
            return ApplyReplyFaults(reply, length, out late);
        }
    }

    private int Execute(ReadOnlySpan<byte> request, byte[] reply)
    {
        switch (request[1])
        {
            case PzemRegisters.ReadInputRegisters:
            case PzemRegisters.ReadHoldingRegisters:
                return ReadRegisters(request, reply);
            case PzemRegisters.WriteSingleRegister:
                return WriteRegister(request, reply);
            case PzemRegisters.ResetEnergy:
                ResetEnergyNow();
                return Echo(request, reply);
            default:
                // 0x41 (factory calibration) lands here too: the virtual meter never calibrates.
                return Fail(request, reply, PzemRegisters.IllegalFunction);
        }
    }

    private int ReadRegisters(ReadOnlySpan<byte> request, byte[] reply)
    {
        int start = (request[2] << 8) | request[3];
        int count = (request[4] << 8) | request[5];
        bool input = request[1] == PzemRegisters.ReadInputRegisters;
        if (count < 1 || count > MaxReadCount)
        {
            return Fail(request, reply, PzemRegisters.IllegalData);
        }

        Span<ushort> registers = stackalloc ushort[PzemRegisters.InputRegisterCount];
        int first = input ? PzemRegisters.VoltageRegister : PzemRegisters.AlarmThresholdRegister;
        int last = input ? PzemRegisters.AlarmRegister : PzemRegisters.SlaveAddressRegister;
        if (start < first || start + count - 1 > last)
        {
            return Fail(request, reply, PzemRegisters.IllegalAddress);
        }

        if (input)
        {
            FillInputRegisters(registers);
        }
        else
        {
            registers[PzemRegisters.AlarmThresholdRegister] = (ushort)_alarmThresholdWatts;
            registers[PzemRegisters.SlaveAddressRegister] = _address;
        }

        reply[0] = request[0];
        reply[1] = request[1];
        reply[2] = (byte)(2 * count);
        for (int i = 0; i < count; i++)
        {
            reply[3 + (2 * i)] = (byte)(registers[start + i] >> 8);
            reply[4 + (2 * i)] = (byte)(registers[start + i] & 0xFF);
        }

        return ModbusCrc.Append(reply, 3 + (2 * count));
    }

    private int WriteRegister(ReadOnlySpan<byte> request, byte[] reply)
    {
        int register = (request[2] << 8) | request[3];
        int value = (request[4] << 8) | request[5];
        switch (register)
        {
            case PzemRegisters.AlarmThresholdRegister:
                _alarmThresholdWatts = value;
                return Echo(request, reply);
            case PzemRegisters.SlaveAddressRegister:
                if (!PzemRegisters.IsIndividualAddress(value))
                {
                    return Fail(request, reply, PzemRegisters.IllegalData);
                }

                // The echo still carries the address the request came to; from the next request on, the new one counts.
                int length = Echo(request, reply);
                _address = (byte)value;
                return length;
            default:
                return Fail(request, reply, PzemRegisters.IllegalAddress);
        }
    }

    private static int Echo(ReadOnlySpan<byte> request, byte[] reply)
    {
        request.CopyTo(reply);
        return request.Length;
    }

    private static int Fail(ReadOnlySpan<byte> request, byte[] reply, byte code)
    {
        reply[0] = request[0];
        reply[1] = (byte)(request[1] | PzemRegisters.ExceptionFlag);
        reply[2] = code;
        return ModbusCrc.Append(reply, 3);
    }
}
