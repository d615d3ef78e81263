using Metering.Firmware.Core.Drivers.Pzem004t;

namespace Metering.Firmware.Host.Virtual;

/// <summary>Framing of written bytes into requests, dispatch to the addressed meter, and the receive queue.</summary>
public sealed partial class VirtualPzemBus
{
    /// <summary>Request length implied by a function code; 0 when the frame ends with the write.</summary>
    private static int FrameLength(byte function) => function switch
    {
        PzemRegisters.ReadHoldingRegisters or PzemRegisters.ReadInputRegisters or PzemRegisters.WriteSingleRegister => PzemRegisters.RequestLength,
        PzemRegisters.ResetEnergy => PzemRegisters.ResetEnergyLength,
        _ => 0,
    };

    private void Process()
    {
        var frame = new ReadOnlySpan<byte>(_frame, 0, _frameLength);
        _frameLength = 0;
        FramesReceived++;
        if (frame.Length >= 2)
        {
            _framesByFunction[frame[1]]++;
        }

        if (!ModbusCrc.IsValid(_frame, 0, frame.Length))
        {
            CrcRejected++;
            return;
        }

        byte address = frame[0];
        if (address == PzemRegisters.BroadcastAddress)
        {
            for (int i = 0; i < _meters.Count; i++)
            {
                _meters[i].Answer(frame, _reply, broadcast: true, out _);
            }

            return;
        }

        VirtualPzem? target = null;
        int candidates = 0;
        for (int i = 0; i < _meters.Count; i++)
        {
            if (_meters[i].Powered && (address == PzemRegisters.GeneralAddress || _meters[i].Address == address))
            {
                target = _meters[i];
                candidates++;
            }
        }

        if (candidates > 1)
        {
            Collisions++;
            return;
        }

        if (target is null)
        {
            return;
        }

        int length = target.Answer(frame, _reply, broadcast: false, out bool late);
        if (late)
        {
            // Kept aside until the master's next empty read, i.e. until it has stopped waiting for this reply.
            int n = Math.Min(length, _late.Length - _lateCount);
            Array.Copy(_reply, 0, _late, _lateCount, n);
            _lateCount += n;
        }
        else
        {
            Enqueue(_reply, length);
        }
    }

    private void Enqueue(byte[] source, int length)
    {
        if (_receivedStart + _receivedCount + length > _received.Length)
        {
            Array.Copy(_received, _receivedStart, _received, 0, _receivedCount);
            _receivedStart = 0;
        }

        int n = Math.Min(length, _received.Length - _receivedCount);
        Array.Copy(source, 0, _received, _receivedStart + _receivedCount, n);
        _receivedCount += n;
        OverflowBytes += length - n;
    }
}
