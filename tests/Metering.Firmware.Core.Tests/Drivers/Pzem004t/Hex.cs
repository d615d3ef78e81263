using Metering.Firmware.Core.Drivers.Pzem004t;

namespace Metering.Firmware.Core.Tests.Drivers.Pzem004t;

/// <summary>Frames written as the manual and bus captures write them: hex bytes separated by spaces.</summary>
internal static class Hex
{
    public static byte[] Bytes(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string Of(ReadOnlySpan<byte> bytes) => string.Join(' ', bytes.ToArray().Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The frame <paramref name="hexWithoutCrc"/> with its CRC appended (the CRC itself is checked against independent vectors in ModbusCrcTests).</summary>
    public static byte[] WithCrc(string hexWithoutCrc)
    {
        var body = Bytes(hexWithoutCrc);
        var frame = new byte[body.Length + 2];
        body.CopyTo(frame, 0);
        ModbusCrc.Append(frame, body.Length);
        return frame;
    }
}
