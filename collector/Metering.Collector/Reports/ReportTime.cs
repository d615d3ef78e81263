using System.Globalization;
using System.Text.RegularExpressions;

namespace Metering.Collector.Reports;

/// <summary>
/// Reads the <c>--from</c> and <c>--to</c> of a report: an ISO 8601 date or date-time (UTC unless it has an offset:
/// 2025-02-19, 2025-02-19T21:20:00Z, 2025-02-19T22:20+01:00), <c>now</c>, a time before now (-30m, -24h, -7d, -90s),
/// or Unix milliseconds.
/// </summary>
public static partial class ReportTime
{
    /// <summary>The examples the error message shows.</summary>
    public const string Forms = "an ISO 8601 date or time (2025-02-19, 2025-02-19T21:20:00Z), now, a time before now (-30m, -24h, -7d) or Unix milliseconds";

    /// <summary>Parses <paramref name="text"/> (see the class summary) relative to <paramref name="now"/>; false with a message when it is none of the forms.</summary>
    public static bool TryParse(string text, DateTimeOffset now, out long ms, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        (ms, error) = (0, string.Empty);
        var t = text.Trim();
        if (t.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            ms = now.ToUnixTimeMilliseconds();
            return true;
        }

        if (Relative().Match(t) is { Success: true } m)
        {
            var n = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var unit = m.Groups[2].Value switch { "s" => 1_000L, "m" => 60_000L, "h" => 3_600_000L, _ => 86_400_000L };
            ms = now.ToUnixTimeMilliseconds() - (n * unit);
            return true;
        }

        if (t.All(char.IsAsciiDigit) && t.Length is > 0 and <= 15 && long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out ms))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            && t.Length >= 10 && t[4] == '-')
        {
            ms = at.ToUnixTimeMilliseconds();
            return true;
        }

        error = $"\"{text}\" is not a time: use {Forms}";
        return false;
    }

    [GeneratedRegex(@"^-(\d{1,9})([smhd])$")]
    private static partial Regex Relative();
}
