using System.Buffers;

namespace Metering.Collector.Points;

/// <summary>
/// A reusable buffer of line protocol: append many points, take the bytes, <see cref="Clear"/>, repeat. The memory
/// grows to the largest batch and is kept, so a steady stream of batches allocates nothing per point. Not thread-safe.
/// </summary>
public sealed class LineProtocolBuffer
{
    private readonly ArrayBufferWriter<byte> _buffer;

    /// <summary>Creates an empty buffer with <paramref name="initialBytes"/> of capacity.</summary>
    public LineProtocolBuffer(int initialBytes = 64 * 1024)
    {
        _buffer = new ArrayBufferWriter<byte>(initialBytes);
    }

    /// <summary>Points appended since the last <see cref="Clear"/>.</summary>
    public int Points { get; private set; }

    /// <summary>Bytes written since the last <see cref="Clear"/>.</summary>
    public int Bytes => _buffer.WrittenCount;

    /// <summary>The lines written so far (valid until the next append or clear).</summary>
    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    /// <summary>Appends one point as a line. On <see cref="ArgumentException"/> the buffer is left as it was.</summary>
    public void Append(Point point)
    {
        var before = _buffer.WrittenCount;
        try
        {
            LineProtocol.Write(point, _buffer);
        }
        catch (ArgumentException)
        {
            Truncate(before);
            throw;
        }

        Points++;
    }

    /// <summary>Appends every point in order; on <see cref="ArgumentException"/> none of them is kept.</summary>
    public void AppendRange(IReadOnlyList<Point> points)
    {
        var bytes = _buffer.WrittenCount;
        var count = Points;
        try
        {
            foreach (var p in points)
            {
                Append(p);
            }
        }
        catch (ArgumentException)
        {
            Truncate(bytes);
            Points = count;
            throw;
        }
    }

    /// <summary>Appends bytes that are already line protocol (newline-terminated lines).</summary>
    public void AppendRaw(ReadOnlySpan<byte> lines, int points)
    {
        _buffer.Write(lines);
        Points += points;
    }

    /// <summary>Empties the buffer, keeping its memory.</summary>
    public void Clear()
    {
        _buffer.ResetWrittenCount();
        Points = 0;
    }

    // ArrayBufferWriter cannot shrink its count; rewrite the kept prefix (rare: only after a rejected point).
    private void Truncate(int count)
    {
        var kept = _buffer.WrittenSpan[..count].ToArray();
        _buffer.ResetWrittenCount();
        _buffer.Write(kept);
    }
}
