using System.Buffers;
using System.Text;

namespace Metering.Collector.Points;

/// <summary>
/// InfluxDB line protocol at millisecond precision, written by hand (no allocation per point beyond the output
/// buffer) and parsed back by <see cref="LineProtocolParser"/>, which accepts exactly what this writer writes.
/// <code>measurement,tag1=v1,tag2=v2 field1=1i,field2=1.5,field3="text",field4=true 1700000000000</code>
/// Rules, each checked against InfluxDB 1.6.7 (see the Storage README):
/// tags sorted by key (ordinal), empty tag values omitted; measurement escapes comma and space; tag keys, tag values
/// and field keys escape comma, equals sign and space; string field values escape <c>"</c> and <c>\</c>; integers
/// carry the <c>i</c> suffix; floats are written in invariant round-trip form; booleans as <c>true</c>/<c>false</c>.
/// Values no line-protocol spelling can carry through InfluxDB are rejected with <see cref="ArgumentException"/>
/// (see <see cref="LineProtocolRules"/>), never mangled.
/// </summary>
public static class LineProtocol
{
    /// <summary>Writes <paramref name="point"/> as one line, terminated by <c>\n</c>.</summary>
    /// <exception cref="ArgumentException">The point cannot be written faithfully (the message names the part).</exception>
    public static void Write(Point point, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(output);
        LineProtocolRules.CheckMeasurement(point.Measurement);
        LineProtocolBytes.WriteEscaped(output, point.Measurement, escapeEquals: false);
        WriteTags(point, output);
        WriteFields(point, output);
        LineProtocolBytes.WriteByte(output, (byte)' ');
        LineProtocolBytes.WriteInteger(output, point.TimestampMs);
        LineProtocolBytes.WriteByte(output, (byte)'\n');
    }

    /// <summary>The line for <paramref name="point"/>, without the terminating newline (for tests, logs and docs).</summary>
    public static string ToLine(Point point)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        Write(point, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan[..^1]);
    }

    /// <summary>Why <paramref name="point"/> cannot be written (the message <see cref="Write"/> would throw), or null when it can.</summary>
    public static string? Refusal(Point point)
    {
        try
        {
            Write(point, new ArrayBufferWriter<byte>(256));
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }

    /// <summary>Parses one line written by <see cref="Write"/> (with or without its newline).</summary>
    /// <exception cref="FormatException">The text is not a line this writer would write.</exception>
    public static Point Parse(ReadOnlySpan<byte> line)
    {
        var point = LineProtocolParser.ParseLine(line, out var consumed);
        if (consumed < line.Length)
        {
            throw new FormatException($"line protocol: unexpected text after the timestamp at byte {consumed}");
        }

        return point;
    }

    /// <summary>Parses one line given as text.</summary>
    public static Point Parse(string line) => Parse(Encoding.UTF8.GetBytes(line));

    /// <summary>Parses a batch of newline-terminated lines (blank lines are skipped).</summary>
    public static List<Point> ParseBatch(ReadOnlySpan<byte> batch)
    {
        var points = new List<Point>();
        var offset = 0;
        while (offset < batch.Length)
        {
            if (batch[offset] == (byte)'\n')
            {
                offset++;
                continue;
            }

            try
            {
                points.Add(LineProtocolParser.ParseLine(batch[offset..], out var consumed));
                offset += consumed;
            }
            catch (FormatException e)
            {
                throw new FormatException($"line protocol: line {points.Count + 1} (byte {offset}): {e.Message}", e);
            }
        }

        return points;
    }

    private static void WriteTags(Point point, IBufferWriter<byte> output)
    {
        var tags = point.Tags;
        var count = tags.Count;
        if (count == 0)
        {
            return;
        }

        Span<int> order = count <= 64 ? stackalloc int[count] : new int[count];
        LineProtocolRules.SortTags(tags, order);
        foreach (var i in order)
        {
            var tag = tags[i];
            LineProtocolRules.CheckTag(tag);
            if (tag.Value.Length == 0)
            {
                continue;
            }

            LineProtocolBytes.WriteByte(output, (byte)',');
            LineProtocolBytes.WriteEscaped(output, tag.Key, escapeEquals: true);
            LineProtocolBytes.WriteByte(output, (byte)'=');
            LineProtocolBytes.WriteEscaped(output, tag.Value, escapeEquals: true);
        }
    }

    private static void WriteFields(Point point, IBufferWriter<byte> output)
    {
        var fields = point.Fields;
        LineProtocolRules.CheckFields(point.Measurement, fields);
        for (var i = 0; i < fields.Count; i++)
        {
            LineProtocolBytes.WriteByte(output, i == 0 ? (byte)' ' : (byte)',');
            LineProtocolBytes.WriteEscaped(output, fields[i].Key, escapeEquals: true);
            LineProtocolBytes.WriteByte(output, (byte)'=');
            WriteValue(output, fields[i]);
        }
    }

    private static void WriteValue(IBufferWriter<byte> output, Field field)
    {
        switch (field.Value)
        {
            case long l:
                LineProtocolBytes.WriteInteger(output, l);
                LineProtocolBytes.WriteByte(output, (byte)'i');
                break;
            case double d:
                LineProtocolBytes.WriteDouble(output, d);
                break;
            case bool b:
                LineProtocolBytes.WriteAscii(output, b ? "true"u8 : "false"u8);
                break;
            case string s:
                LineProtocolBytes.WriteString(output, s);
                break;
            default:
                throw new ArgumentException(LineProtocolRules.BadType(field), nameof(field));
        }
    }
}
