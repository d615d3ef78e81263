using System.Globalization;
using System.Text;
using Metering.Collector.Points;

namespace Metering.Collector.Reports;

/// <summary>
/// The csv format (RFC 4180): a header row, then one record per table row (jobs, then a node report's remainder, then
/// the total or the node), CRLF line ends, fields quoted when they hold a comma, quote, CR or LF (quotes doubled),
/// invariant culture, figures in base units as stored plus kWh and kg. The <c>row</c> column says what a record is
/// (job, total, overhead, unallocated, unattributed, node), so a spreadsheet can keep the jobs only. Text cells come
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

    /// <summary>The CSV text of <paramref name="report"/>.</summary>
    public static string Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var b = new StringBuilder();
        Record(b, Header);
        foreach (var r in report.Rows)
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
        Number(r.ItKwh),
        Number(r.IdleMillijoules),
        Number(r.DynamicMillijoules),
        Number(r.FacilityMillijoules),
        Number(r.FacilityKwh),
        Number(r.KnownCo2eGrams),
        Number(r.Co2eKilograms),
        Number(r.MeanWatts),
        Number(r.PeakWatts),
        Number(r.IdleShare),
        Number(r.Coverage),
        Text(r.Method),
        Text(string.Join('|', r.Flags)),
        Number(r.Buckets),
    ];

    private static void Record(StringBuilder b, IEnumerable<string> fields) => b.Append(string.Join(',', fields.Select(Escape))).Append("\r\n");

    private static string Number(long? v) => v?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Number(double? v) => v is { } d && double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
}
