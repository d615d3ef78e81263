using System.Globalization;

namespace Metering.Collector.Nodes;

/// <summary>Inventory timestamps: UTC, millisecond precision, written <c>2025-03-01T08:00:00Z</c> or <c>2025-03-01T08:00:00.250Z</c>.</summary>
public static class InventoryTime
{
    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFF'Z'"];

    /// <summary>The instant in UTC, truncated to the millisecond.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    /// <summary>The file form: seconds, and milliseconds only when not zero, with a <c>Z</c>.</summary>
    public static string Format(DateTimeOffset time) =>
        Normalize(time).ToString("yyyy-MM-dd'T'HH:mm:ss.FFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses the file form; false for anything else (a local offset, a missing <c>Z</c>, a date only).</summary>
    public static bool TryParse(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
