using System.Buffers;
using System.Globalization;
using System.Text;

namespace Metering.Collector.Points;

/// <summary>
/// The byte-level writing of <see cref="LineProtocol"/>: numbers formatted straight into the output as UTF-8, and
/// identifiers and strings escaped while copied. Every character that needs escaping is ASCII, so escaping byte-wise
/// after UTF-8 encoding is exact.
/// </summary>
internal static class LineProtocolBytes
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void WriteInteger(IBufferWriter<byte> output, long value)
    {
        var span = output.GetSpan(20);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    public static void WriteDouble(IBufferWriter<byte> output, double value)
    {
        var span = output.GetSpan(32);
        value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture);
        output.Advance(written);
    }

    // Identifiers: every escapable character is ASCII, so escaping byte-wise after UTF-8 encoding is exact.
    public static void WriteEscaped(IBufferWriter<byte> output, string value, bool escapeEquals)
    {
        if (WriteEscapedAscii(output, value, escapeEquals))
        {
            return;
        }

        byte[]? rented = null;
        var max = StrictUtf8.GetMaxByteCount(value.Length);
        var scratch = max <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(max));
        var utf8 = scratch[..Encode(value, scratch, rented)];
        var span = output.GetSpan(utf8.Length * 2);
        var n = 0;
        foreach (var b in utf8)
        {
            if (b == (byte)',' || b == (byte)' ' || (escapeEquals && b == (byte)'='))
            {
                span[n++] = (byte)'\\';
            }

            span[n++] = b;
        }

        output.Advance(n);
        Return(rented);
    }

    // The common case, ASCII identifiers, without the transcoding scratch buffer; false (nothing written) otherwise.
    private static bool WriteEscapedAscii(IBufferWriter<byte> output, string value, bool escapeEquals)
    {
        var span = output.GetSpan(value.Length * 2);
        var n = 0;
        foreach (var c in value)
        {
            if (c >= 0x80)
            {
                return false;
            }

            if (c == ',' || c == ' ' || (escapeEquals && c == '='))
            {
                span[n++] = (byte)'\\';
            }

            span[n++] = (byte)c;
        }

        output.Advance(n);
        return true;
    }

    public static void WriteString(IBufferWriter<byte> output, string value)
    {
        byte[]? rented = null;
        var max = StrictUtf8.GetMaxByteCount(value.Length);
        var scratch = max <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(max));
        var utf8 = scratch[..Encode(value, scratch, rented)];
        var span = output.GetSpan((utf8.Length * 2) + 2);
        var n = 0;
        span[n++] = (byte)'"';
        foreach (var b in utf8)
        {
            if (b == (byte)'"' || b == (byte)'\\')
            {
                span[n++] = (byte)'\\';
            }

            span[n++] = b;
        }

        span[n++] = (byte)'"';
        output.Advance(n);
        Return(rented);
    }

    // Lone surrogates throw: the default encoder would replace them with U+FFFD silently.
    private static int Encode(string value, Span<byte> scratch, byte[]? rented)
    {
        try
        {
            return StrictUtf8.GetBytes(value, scratch);
        }
        catch (EncoderFallbackException e)
        {
            Return(rented);
            throw new ArgumentException($"line protocol: \"{value}\" is not valid UTF-16 (it has a lone surrogate)", nameof(value), e);
        }
    }

    private static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public static void WriteByte(IBufferWriter<byte> output, byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    public static void WriteAscii(IBufferWriter<byte> output, ReadOnlySpan<byte> text)
    {
        text.CopyTo(output.GetSpan(text.Length));
        output.Advance(text.Length);
    }
}
