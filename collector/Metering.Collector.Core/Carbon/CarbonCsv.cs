using System.Globalization;

namespace Metering.Collector.Carbon;

/// <summary>
/// Reads a carbon-intensity series from CSV (README.md "CSV format"): a header <c>timestamp,g_co2e_per_kwh</c>, then
/// one row per change, <c>2025-03-01T08:00:00Z,412.5</c>, in any order. Blank lines and lines starting with <c>#</c>
/// are skipped. Every error is reported at once, with its line number.
/// </summary>
public static class CarbonCsv
{
    /// <summary>The required header.</summary>
    public const string Header = "timestamp,g_co2e_per_kwh";

    /// <summary>Errors reported before giving up on a file.</summary>
    public const int MaxErrors = 50;

    /// <summary>Parses a series; throws <see cref="CarbonCsvException"/> naming every bad line.</summary>
    public static IntensitySeries Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var errors = new List<CarbonCsvError>();
        var points = new List<IntensityPoint>();
        var firstLine = new Dictionary<long, int>();
        var headerSeen = false;
        var lineNumber = 0;
        while (reader.ReadLine() is { } line && errors.Count < MaxErrors)
        {
            lineNumber++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var fields = text.Split(',');
            if (!headerSeen)
            {
                headerSeen = true;
                if (!IsHeader(fields))
                {
                    errors.Add(new(lineNumber, $"the first line must be the header \"{Header}\", not \"{text}\""));
                }

                continue;
            }

            if (fields.Length != 2)
            {
                errors.Add(new(lineNumber, $"expected 2 fields (timestamp,g_co2e_per_kwh), found {fields.Length}"));
                continue;
            }

            var time = ParseTimestamp(fields[0].Trim(), lineNumber, errors);
            var value = ParseValue(fields[1].Trim(), lineNumber, errors);
            if (time is not { } t || value is not { } v)
            {
                continue;
            }

            if (firstLine.TryGetValue(t, out var first))
            {
                errors.Add(new(lineNumber, $"duplicate timestamp {fields[0].Trim()} (first at line {first})", 1));
                continue;
            }

            firstLine[t] = lineNumber;
            points.Add(new(t, v));
        }

        if (errors.Count == 0 && points.Count == 0)
        {
            errors.Add(new(Math.Max(1, lineNumber), headerSeen ? "no data rows" : $"empty: expected the header \"{Header}\" and at least one row"));
        }

        return errors.Count > 0 ? throw new CarbonCsvException(errors) : new IntensitySeries(points);
    }

    private static bool IsHeader(string[] fields) =>
        fields.Length == 2
        && fields[0].Trim().Equals("timestamp", StringComparison.OrdinalIgnoreCase)
        && fields[1].Trim().Equals("g_co2e_per_kwh", StringComparison.OrdinalIgnoreCase);

    private static long? ParseTimestamp(string text, int line, List<CarbonCsvError> errors)
    {
        // ISO-8601 with an explicit UTC designator: "Z" or a +00:00 offset. A time without one is refused, never guessed.
        var utc = text.EndsWith('Z') || text.EndsWith("+00:00", StringComparison.Ordinal);
        if (utc && text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && t.Offset == TimeSpan.Zero)
        {
            return t.ToUnixTimeMilliseconds();
        }

        errors.Add(new(line, $"timestamp \"{text}\" is not an ISO-8601 UTC time like 2025-03-01T08:00:00Z", 1));
        return null;
    }

    private static double? ParseValue(string text, int line, List<CarbonCsvError> errors)
    {
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            && double.IsFinite(v) && v >= 0)
        {
            return v;
        }

        errors.Add(new(line, $"g_co2e_per_kwh \"{text}\" must be a number of at least 0", 2));
        return null;
    }
}
