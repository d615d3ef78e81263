using System.Globalization;
using System.Text;

namespace Metering.Collector.Points;

/// <summary>
/// Parses the lines <see cref="LineProtocol"/> writes: identifiers unescape <c>\,</c> <c>\=</c> and <c>\ </c> and keep
/// any other backslash literally (as InfluxDB does); string values unescape <c>\"</c> and <c>\\</c> and may span line
/// breaks; integers end in <c>i</c>; booleans are <c>true</c>/<c>false</c>; the timestamp (milliseconds) is required.
/// </summary>
internal static class LineProtocolParser
{
    /// <summary>Parses the line at the start of <paramref name="input"/>; <paramref name="consumed"/> includes its newline.</summary>
    public static Point ParseLine(ReadOnlySpan<byte> input, out int consumed)
    {
        var pos = 0;
        var measurement = ReadIdentifier(input, ref pos, stopAtEquals: false, "measurement");
        var tags = new List<Tag>();
        while (pos < input.Length && input[pos] == (byte)',')
        {
            pos++;
            var key = ReadIdentifier(input, ref pos, stopAtEquals: true, "tag key");
            Expect(input, ref pos, (byte)'=', "after a tag key");
            tags.Add(new Tag(key, ReadIdentifier(input, ref pos, stopAtEquals: true, "tag value")));
        }

        Expect(input, ref pos, (byte)' ', "after the tags");
        var fields = new List<Field>();
        while (true)
        {
            var key = ReadIdentifier(input, ref pos, stopAtEquals: true, "field key");
            Expect(input, ref pos, (byte)'=', "after a field key");
            fields.Add(new Field(key, ReadValue(input, ref pos, key)));
            if (pos >= input.Length || input[pos] != (byte)',')
            {
                break;
            }

            pos++;
        }

        Expect(input, ref pos, (byte)' ', "after the fields");
        var start = pos;
        while (pos < input.Length && input[pos] != (byte)'\n')
        {
            pos++;
        }

        if (!long.TryParse(input[start..pos], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestamp))
        {
            throw new FormatException($"the timestamp \"{Text(input[start..pos])}\" is not an integer (milliseconds)");
        }

        consumed = pos < input.Length ? pos + 1 : pos;
        return new Point(measurement, tags, fields, timestamp);
    }

    private static string ReadIdentifier(ReadOnlySpan<byte> input, ref int pos, bool stopAtEquals, string what)
    {
        var start = pos;
        var escaped = false;
        while (pos < input.Length)
        {
            var b = input[pos];
            if (b == (byte)'\\' && pos + 1 < input.Length && IsEscapable(input[pos + 1]))
            {
                escaped = true;
                pos += 2;
                continue;
            }

            if (b == (byte)',' || b == (byte)' ' || b == (byte)'\n' || (stopAtEquals && b == (byte)'='))
            {
                break;
            }

            pos++;
        }

        if (pos == start)
        {
            throw new FormatException($"empty {what} at byte {start}");
        }

        var raw = input[start..pos];
        return escaped ? Unescape(raw) : Text(raw);
    }

    private static bool IsEscapable(byte b) => b == (byte)',' || b == (byte)'=' || b == (byte)' ';

    private static string Unescape(ReadOnlySpan<byte> raw)
    {
        var bytes = new byte[raw.Length];
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == (byte)'\\' && i + 1 < raw.Length && IsEscapable(raw[i + 1]))
            {
                i++;
            }

            bytes[n++] = raw[i];
        }

        return Text(bytes.AsSpan(0, n));
    }

    private static object ReadValue(ReadOnlySpan<byte> input, ref int pos, string key)
    {
        if (pos < input.Length && input[pos] == (byte)'"')
        {
            return ReadString(input, ref pos, key);
        }

        var start = pos;
        while (pos < input.Length && input[pos] != (byte)',' && input[pos] != (byte)' ' && input[pos] != (byte)'\n')
        {
            pos++;
        }

        var token = input[start..pos];
        if (token.SequenceEqual("true"u8))
        {
            return true;
        }

        if (token.SequenceEqual("false"u8))
        {
            return false;
        }

        if (token.Length > 1 && token[^1] == (byte)'i'
            && long.TryParse(token[..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return l;
        }

        if (token.Length > 0 && (token[0] is (byte)'-' || char.IsAsciiDigit((char)token[0]))
            && double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return d;
        }

        throw new FormatException($"field \"{key}\" has the value \"{Text(token)}\", which is not an integer, float, string or boolean");
    }

    private static string ReadString(ReadOnlySpan<byte> input, ref int pos, string key)
    {
        var start = ++pos;
        var escaped = false;
        while (pos < input.Length && input[pos] != (byte)'"')
        {
            if (input[pos] == (byte)'\\' && pos + 1 < input.Length && input[pos + 1] is (byte)'"' or (byte)'\\')
            {
                escaped = true;
                pos++;
            }

            pos++;
        }

        if (pos >= input.Length)
        {
            throw new FormatException($"string field \"{key}\" starting at byte {start} has no closing quote");
        }

        var raw = input[start..pos++];
        if (!escaped)
        {
            return Text(raw);
        }

        var bytes = new byte[raw.Length];
        var n = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == (byte)'\\' && i + 1 < raw.Length && raw[i + 1] is (byte)'"' or (byte)'\\')
            {
                i++;
            }

            bytes[n++] = raw[i];
        }

        return Text(bytes.AsSpan(0, n));
    }

    private static void Expect(ReadOnlySpan<byte> input, ref int pos, byte expected, string where)
    {
        if (pos >= input.Length || input[pos] != expected)
        {
            var found = pos >= input.Length ? "the end" : $"'{(char)input[pos]}'";
            throw new FormatException($"expected '{(char)expected}' {where} at byte {pos}, found {found}");
        }

        pos++;
    }

    private static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);
}
