using Metering.Firmware.Core.Drivers;

namespace Metering.Firmware.Host.Virtual;

/// <summary>
/// A UART with PZEM-004T meters on it, at the Modbus-RTU level. When a complete request frame has been written the
/// addressed meter's reply is queued for <see cref="Read"/>: data with CRC, an error reply for a bad function,
/// register or value, an echo for set-address and reset-energy, nothing for a broadcast (0x00), for a frame with a bad
/// CRC or for an address no powered meter has. The general address 0xF8 is answered only when exactly one powered
/// meter is on the bus; two meters answering one request collide and the master gets nothing (counted).
/// </summary>
/// <remarks>
/// Framing: a frame is complete at the length its function implies (8 bytes for 0x03, 0x04, 0x06; 4 for 0x42), so a
/// frame may span several writes and one write may hold several frames; a frame of any other function ends where its
/// write ends (the line falls silent). Time: the bus never advances or reads a clock. <see cref="Read"/> returns
/// what is queued, and when nothing is, returns 0 at once without waiting out the timeout: for a master that is the
/// timeout, only instant. Late replies (<see cref="VirtualPzem.DelayReplies"/>) land at such an empty read. Nothing
/// is allocated per request once the meters are on the bus. Thread-safe.
/// </remarks>
public sealed partial class VirtualPzemBus : ISerialPort
{
    private const int MaxFrameBytes = 256;
    private const int ReceiveBufferBytes = 1024;

    private readonly List<VirtualPzem> _meters = [];
    private readonly byte[] _frame = new byte[MaxFrameBytes];
    private readonly byte[] _reply = new byte[MaxFrameBytes];
    private readonly byte[] _received = new byte[ReceiveBufferBytes];
    private readonly byte[] _late = new byte[ReceiveBufferBytes];
    private readonly long[] _framesByFunction = new long[256];
    private readonly Lock _lock = new();
    private int _frameLength;
    private int _receivedStart;
    private int _receivedCount;
    private int _lateCount;

    /// <summary>A bus with <paramref name="meters"/> on it.</summary>
    public VirtualPzemBus(params VirtualPzem[] meters)
    {
        foreach (var meter in meters)
        {
            Add(meter);
        }
    }

    /// <summary>The meters on the bus, in the order they were added.</summary>
    public IReadOnlyList<VirtualPzem> Meters
    {
        get { lock (_lock) { return [.. _meters]; } }
    }

    /// <summary>Complete request frames written, bad ones included.</summary>
    public long FramesReceived { get; private set; }

    /// <summary>Request frames ignored because their CRC did not match.</summary>
    public long CrcRejected { get; private set; }

    /// <summary>Requests that two or more meters would have answered at once.</summary>
    public long Collisions { get; private set; }

    /// <summary>Reads that found nothing queued (each is a timeout for the master).</summary>
    public long EmptyReads { get; private set; }

    /// <summary>Reply bytes lost because the master let the receive buffer fill up.</summary>
    public long OverflowBytes { get; private set; }

    /// <summary>Bytes queued for <see cref="Read"/> now.</summary>
    public int BytesQueued
    {
        get { lock (_lock) { return _receivedCount; } }
    }

    /// <summary>Puts <paramref name="meter"/> on the bus.</summary>
    public void Add(VirtualPzem meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        lock (_lock) { _meters.Add(meter); }
    }

    /// <summary>Takes <paramref name="meter"/> off the bus; false if it was not on it.</summary>
    public bool Remove(VirtualPzem meter)
    {
        lock (_lock) { return _meters.Remove(meter); }
    }

    /// <summary>Complete request frames written whose function byte (second byte) was <paramref name="function"/>, bad CRC included.</summary>
    public long FramesWithFunction(byte function)
    {
        lock (_lock) { return _framesByFunction[function]; }
    }

    /// <inheritdoc />
    public void DiscardInput()
    {
        lock (_lock)
        {
            _receivedStart = 0;
            _receivedCount = 0;
        }
    }

    /// <inheritdoc />
    public void Write(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        lock (_lock)
        {
            for (int i = 0; i < count; i++)
            {
                if (_frameLength == MaxFrameBytes)
                {
                    Process();
                }

                _frame[_frameLength++] = buffer[offset + i];
                if (_frameLength >= 2 && _frameLength == FrameLength(_frame[1]))
                {
                    Process();
                }
            }

            if (_frameLength > 0 && (_frameLength < 2 || FrameLength(_frame[1]) == 0))
            {
                Process();
            }
        }
    }

    /// <summary>
    /// Copies up to <paramref name="count"/> queued bytes. With nothing queued it returns 0 immediately, whatever
    /// <paramref name="timeoutMilliseconds"/> says, and lets any late reply land for the next read.
    /// </summary>
    public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        lock (_lock)
        {
            if (_receivedCount == 0)
            {
                EmptyReads++;
                Enqueue(_late, _lateCount);
                _lateCount = 0;
                return 0;
            }

            int n = Math.Min(count, _receivedCount);
            Array.Copy(_received, _receivedStart, buffer, offset, n);
            _receivedStart += n;
            _receivedCount -= n;
            if (_receivedCount == 0)
            {
                _receivedStart = 0;
            }

            return n;
        }
    }
}
