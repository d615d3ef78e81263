using Metering.Firmware.Core.Drivers;

namespace Metering.Firmware.Core.Tests.Drivers.Pzem004t;

/// <summary>
/// A serial port that answers each written frame with the next scripted reply (null: silence), delivers at most
/// <see cref="ChunkSize"/> bytes per read, and records what the client wrote and how long it was willing to wait.
/// </summary>
internal sealed class ScriptedSerialPort : ISerialPort
{
    private readonly Queue<byte[]?> _replies = new();
    private readonly Queue<byte> _line = new();

    public List<byte[]> Written { get; } = [];

    public List<int> ReadTimeouts { get; } = [];

    public int Discards { get; private set; }

    public int ChunkSize { get; set; } = int.MaxValue;

    /// <summary>Bytes that arrive right after the next DiscardInput (the tail of a late reply still on the wire).</summary>
    public byte[]? ArrivingAfterNextDiscard { get; set; }

    /// <summary>Every read brings garbage: a line that never falls quiet.</summary>
    public bool Chatters { get; set; }

    public ScriptedSerialPort Reply(params byte[]?[] replies)
    {
        foreach (var reply in replies)
        {
            _replies.Enqueue(reply);
        }

        return this;
    }

    public void DiscardInput()
    {
        Discards++;
        _line.Clear();
        if (ArrivingAfterNextDiscard is { } late)
        {
            Arrive(late);
            ArrivingAfterNextDiscard = null;
        }
    }

    public void Write(byte[] buffer, int offset, int count)
    {
        Written.Add(buffer.AsSpan(offset, count).ToArray());
        if (_replies.TryDequeue(out var reply) && reply is not null)
        {
            Arrive(reply);
        }
    }

    public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        ReadTimeouts.Add(timeoutMilliseconds);
        if (Chatters)
        {
            buffer.AsSpan(offset, count).Fill(0x55);
            return count;
        }

        int n = Math.Min(Math.Min(count, ChunkSize), _line.Count);
        for (int i = 0; i < n; i++)
        {
            buffer[offset + i] = _line.Dequeue();
        }

        return n;
    }

    private void Arrive(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            _line.Enqueue(b);
        }
    }
}
