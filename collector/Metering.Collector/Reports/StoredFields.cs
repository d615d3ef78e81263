using System.Globalization;
using Metering.Collector.Points;

namespace Metering.Collector.Reports;

/// <summary>
/// Reads a stored point's fields by the schema's names, tolerant of how a reader hands numbers back (SQLite keeps
/// integers and floats apart; an InfluxDB float field may hold a whole number). A missing field reads as 0 or null.
/// </summary>
internal static class StoredFields
{
    public static long Long(Point p, string key) => p.Field(key) switch
    {
        long l => l,
        int i => i,
        double d when double.IsFinite(d) => (long)Math.Round(d, MidpointRounding.AwayFromZero),
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => 0,
    };

    public static long? LongOrNull(Point p, string key) => p.Field(key) is null ? null : Long(p, key);

    public static double Double(Point p, string key) => p.Field(key) switch
    {
        double d => d,
        long l => l,
        int i => i,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => 0,
    };

    public static string? Text(Point p, string key) => p.Field(key) switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        var v => Convert.ToString(v, CultureInfo.InvariantCulture),
    };

    /// <summary>A boolean field (true, or "true", or 1 where a reader hands it back as such); false when missing.</summary>
    public static bool Bool(Point p, string key) => p.Field(key) switch
    {
        bool b => b,
        long l => l != 0,
        string s => string.Equals(s, "true", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>A '|'-joined flag list (or a ','-joined node list) as its parts; empty for none.</summary>
    public static IReadOnlyList<string> List(Point p, string key, char separator) =>
        Text(p, key) is { } s ? s.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
}
