namespace Metering.Collector.Reports;

/// <summary>The output formats, as <c>--format</c> spells them.</summary>
public enum ReportFormat
{
    /// <summary>Fixed-width text, read like sacct.</summary>
    Table,

    /// <summary>JSON, snake_case, base units.</summary>
    Json,

    /// <summary>CSV (RFC 4180).</summary>
    Csv,

    /// <summary>A self-contained HTML page with charts.</summary>
    Html,
}

/// <summary>Renders a report in a format.</summary>
public static class ReportRenderers
{
    /// <summary>The format names: table, json, csv, html.</summary>
    public static readonly IReadOnlyList<string> Names = ["table", "json", "csv", "html"];

    /// <summary>The format named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static ReportFormat? Parse(string name) =>
        Enum.TryParse<ReportFormat>(name, ignoreCase: true, out var f) && Names.Contains(name.ToLowerInvariant()) ? f : null;

    /// <summary><paramref name="report"/> in <paramref name="format"/>; <paramref name="totals"/>: csv adds its total row.</summary>
    public static string Render(Report report, ReportFormat format, bool totals = false) => format switch
    {
        ReportFormat.Table => TableRenderer.Render(report),
        ReportFormat.Json => JsonRenderer.Render(report),
        ReportFormat.Csv => CsvRenderer.Render(report, totals),
        ReportFormat.Html => HtmlRenderer.Render(report),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a report format"),
    };
}
