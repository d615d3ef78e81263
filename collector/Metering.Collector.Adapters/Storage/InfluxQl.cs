using System.Globalization;
using System.Text;

namespace Metering.Collector.Storage;

/// <summary>
/// InfluxQL text for the 1.x reader. Quoted identifiers and string literals escape backslash and their quote with a
/// backslash (InfluxQL's scanner unescapes <c>\\</c>, <c>\"</c> and <c>\'</c>).
/// </summary>
internal static class InfluxQl
{
    // InfluxDB's time range is +-(2^63 - 2) ns; ms outside it are clamped so "everything" queries stay valid.
    private const long MaxMs = 9_223_372_036_853L;

    /// <summary>A double-quoted identifier.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>A single-quoted string literal.</summary>
    public static string Literal(string value) => "'" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    /// <summary>The measurement, qualified by the retention policy when one is set (the database is the db= parameter).</summary>
    public static string From(string? retentionPolicy, string measurement) =>
        string.IsNullOrEmpty(retentionPolicy) ? Identifier(measurement) : $"{Identifier(retentionPolicy)}.{Identifier(measurement)}";

    /// <summary>
    /// Two statements: the measurement's field types (JSON numbers do not say integer or float), then its points in
    /// [from, to) matching every tag, grouped by every tag so tags come back as each series' tags, not as columns.
    /// </summary>
    public static string Select(string from, IReadOnlyDictionary<string, string> tags, long fromMs, long toMs)
    {
        var q = new StringBuilder();
        q.Append("SHOW FIELD KEYS FROM ").Append(from).Append("; SELECT * FROM ").Append(from).Append(" WHERE ");
        foreach (var (key, value) in tags.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            q.Append(Identifier(key)).Append("::tag = ").Append(Literal(value)).Append(" AND ");
        }

        q.Append("time >= ").Append(Nanoseconds(fromMs)).Append(" AND time < ").Append(Nanoseconds(toMs)).Append(" GROUP BY *");
        return q.ToString();
    }

    private static string Nanoseconds(long ms) => (Math.Clamp(ms, -MaxMs, MaxMs) * 1_000_000L).ToString(CultureInfo.InvariantCulture);
}
