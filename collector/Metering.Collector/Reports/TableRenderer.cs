using System.Globalization;
using System.Text;
using Metering.Collector.Points;

namespace Metering.Collector.Reports;

/// <summary>
/// The table format, read like <c>sacct</c>: a header, a rule of dashes, one fixed-width line per row (text left,
/// figures right, "-" where there is nothing), every figure with its method and meter coverage on the same line.
/// Project, model and user reports end with a total line; node reports with the remainder and the node's measured
/// line. The caveat flags of each job (and of a node report's node) follow the table. Stored text (ids, labels,
/// flags) is printed with its control characters escaped (<see cref="PrintableText"/>): a label cannot add a line
/// or send the terminal an escape sequence.
/// </summary>
public static class TableRenderer
{
    /// <summary>The columns, in order, with their alignment.</summary>
    public static readonly IReadOnlyList<(string Header, bool Right)> Columns =
    [
        ("JobID", false), ("User", false), ("Project", false), ("Model", false), ("State", false), ("Start", false),
        ("Elapsed", true), ("Nodes", true), ("IT energy", true), ("Facility energy", true), ("CO2e", true),
        ("Mean W", true), ("Peak W", true), ("Idle %", true), ("Method", false), ("Coverage %", true),
    ];

    /// <summary>The table of <paramref name="report"/>, lines ending in '\n'.</summary>
    public static string Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var units = ColumnUnits.Of(report.Rows);
        var body = report.Jobs.Concat(report.Remainder).Select(r => Cells(r, units)).ToList();
        var total = report.Total is null ? null : Cells(report.Total, units);
        var all = body.Concat(total is null ? [] : [total]).ToList();
        var widths = Columns.Select((c, i) => all.Select(r => r[i].Length).Prepend(c.Header.Length).Max()).ToArray();

        var b = new StringBuilder();
        Line(b, [.. Columns.Select(c => c.Header)], widths);
        Rule(b, widths);
        body.ForEach(r => Line(b, r, widths));
        if (total is not null)
        {
            Rule(b, widths);
            Line(b, total, widths);
        }

        var flagged = report.Rows.Where(r => r.Flags.Count > 0 && r.Kind is RowKind.Job or RowKind.Node).ToList();
        if (flagged.Count > 0)
        {
            b.Append('\n');
            foreach (var r in flagged)
            {
                b.Append("flags ").Append(Label(r)).Append(": ").Append(PrintableText.Escape(string.Join(", ", r.Flags))).Append('\n');
            }
        }

        return b.ToString();
    }

    /// <summary>A row's cells, in column order.</summary>
    public static string[] Cells(ReportRow r, ColumnUnits units)
    {
        var job = r.Kind == RowKind.Job;
        var figures = r.Kind is RowKind.Job or RowKind.Total or RowKind.Node;
        return
        [
            Label(r),
            Text(r.User),
            Text(r.Project),
            Text(r.Model),
            job ? Text(r.State?.ToUpperInvariant()) : r.Kind == RowKind.Total ? r.Jobs.ToString(CultureInfo.InvariantCulture) + (r.Jobs == 1 ? " job" : " jobs") : "-",
            job && r.StartMs is { } s ? ReportUnits.Time(s) : "-",
            job || r.Kind is RowKind.Total or RowKind.Node ? ReportUnits.Elapsed(r.DurationMs) : "-",
            r.Nodes.Count.ToString(CultureInfo.InvariantCulture),
            ReportUnits.Energy(r.ItMillijoules, units.ItKilo),
            ReportUnits.Energy(r.FacilityMillijoules, units.FacilityKilo),
            ReportUnits.Co2e(r.KnownCo2eGrams, units.Co2eKilo),
            figures ? ReportUnits.Watts(r.MeanWatts) : "-",
            figures ? ReportUnits.Watts(r.PeakWatts) : "-",
            figures || r.Kind == RowKind.Overhead ? ReportUnits.Percent(r.IdleShare) : "-",
            r.Kind is RowKind.Job or RowKind.Total or RowKind.Node ? Text(r.Method) : "-",
            ReportUnits.CoveragePercent(r.Coverage),
        ];
    }

    private static string Label(ReportRow r) => r.Kind switch
    {
        RowKind.Job or RowKind.Total => PrintableText.Escape(r.Label)!,
        RowKind.Node => "measured",
        _ => "(" + PrintableText.Escape(r.Label) + ")",
    };

    private static string Text(string? value) => string.IsNullOrEmpty(value) ? "-" : PrintableText.Escape(value)!;

    private static void Line(StringBuilder b, string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append(' ');
            }

            line.Append(Columns[i].Right ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }

        b.Append(line.ToString().TrimEnd()).Append('\n');
    }

    private static void Rule(StringBuilder b, int[] widths) => b.Append(string.Join(' ', widths.Select(w => new string('-', w)))).Append('\n');
}
