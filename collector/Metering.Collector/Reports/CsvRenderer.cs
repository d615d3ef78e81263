using System.Globalization;
using System.Text;
using Metering.Collector.Points;

namespace Metering.Collector.Reports;

/// <summary>
/// The csv format (RFC 4180): a header row, then one record per data row (jobs, then a node report's remainder), and
/// the total or the node's measured row only when asked (<c>--totals</c>: a spreadsheet summing a column would count
/// it twice), CRLF line ends, fields quoted when they hold a comma, quote, CR or LF (quotes doubled), invariant
/// culture, figures in base units as stored (integers) plus kWh and kg, fractions with fixed decimals (kWh and kg 6,
/// g 3, W 1, shares 4) instead of 17 significant digits. The <c>row</c> column says what a record is (job, overhead,
/// unallocated, unattributed; total or node with <c>--totals</c>). Text cells come
/// from whoever started a job, so they are made harmless first (<see cref="Text"/>): control characters escaped, and a
/// cell a spreadsheet would run as a formula prefixed with <c>'</c>.
/// </summary>
public static class CsvRenderer
{
    /// <summary>The header row's names.</summary>
    public static readonly IReadOnlyList<string> Header =
    [
        "row", "job_id", "name", "user", "project", "model", "purpose", "source", "state", "nodes", "gpus", "cpus",
        "start_utc", "end_utc", "start_ms", "end_ms", "duration_ms", "it_mj", "it_kwh", "idle_mj", "dynamic_mj",
        "facility_mj", "facility_kwh", "co2e_g", "co2e_kg", "mean_w", "peak_w", "idle_share", "coverage", "method",
        "flags", "buckets",
    ];

    /// <summary>The CSV text of <paramref name="report"/>: its data rows, and its total row when <paramref name="totals"/>.</summary>
    public static string Render(Report report, bool totals = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        var b = new StringBuilder();
        Record(b, Header);
        foreach (var r in report.Rows.Where(r => totals || r.Kind is not (RowKind.Total or RowKind.Node)))
        {
            Record(b, Fields(r));
        }

        return b.ToString();
    }

    /// <summary>One field as RFC 4180 writes it: quoted (quotes doubled) when it holds a comma, quote, CR or LF.</summary>
    public static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    /// <summary>
    /// A text cell made harmless (OWASP's advice for CSV injection): control characters escaped
    /// (<see cref="PrintableText"/>, so a leading tab or CR becomes <c>\t</c> or <c>\r</c>), then a cell starting
    /// with <c>=</c>, <c>+</c>, <c>-</c> or <c>@</c>, which Excel, LibreOffice and Google Sheets evaluate (a
    /// <c>=HYPERLINK()</c> that sends the sheet's data away), prefixed with <c>'</c> so it is shown as text.
    /// </summary>
    public static string Text(string? cell)
    {
        var text = PrintableText.Escape(cell) ?? string.Empty;
        return text.Length > 0 && text[0] is '=' or '+' or '-' or '@' ? "'" + text : text;
    }

    private static string[] Fields(ReportRow r) =>
    [
        r.Kind.ToString().ToLowerInvariant(),
        Text(r.Label),
        Text(r.Name),
        Text(r.User),
        Text(r.Project),
        Text(r.Model),
        Text(r.Purpose),
        Text(r.Source),
        Text(r.State),
        Text(string.Join(',', r.Nodes)),
        Number(r.Gpus),
        Number(r.Cpus),
        r.StartMs is { } s ? ReportUnits.Time(s) : string.Empty,
        r.EndMs is { } e ? ReportUnits.Time(e) : string.Empty,
        Number(r.StartMs),
        Number(r.EndMs),
        Number(r.DurationMs),
        Number(r.ItMillijoules),
        Number(r.ItKwh, 6),
        Number(r.IdleMillijoules),
        Number(r.DynamicMillijoules),
        Number(r.FacilityMillijoules),
        Number(r.FacilityKwh, 6),
        Number(r.KnownCo2eGrams, 3),
        Number(r.Co2eKilograms, 6),
        Number(r.MeanWatts, 1),
        Number(r.PeakWatts, 1),
        Number(r.IdleShare, 4),
        Number(r.Coverage, 4),
        Text(r.Method),
        Text(string.Join('|', r.Flags)),
        Number(r.Buckets),
    ];

    private static void Record(StringBuilder b, IEnumerable<string> fields) => b.Append(string.Join(',', fields.Select(Escape))).Append("\r\n");

    private static string Number(long? v) => v?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Number(double? v, int decimals) => v is { } d && double.IsFinite(d) ? d.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : string.Empty;
}
