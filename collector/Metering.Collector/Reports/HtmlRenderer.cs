using System.Globalization;
using System.Net;
using System.Text;

namespace Metering.Collector.Reports;

/// <summary>
/// The html format: one self-contained file (CSS inline, charts as base64 PNG data URIs, no script, nothing fetched)
/// with the report's metadata, its figures (each beside its method and meter coverage), the rows of the table format
/// and the charts (<see cref="ReportCharts"/>). Raw stored values ride along as <c>data-</c> attributes.
/// </summary>
public static class HtmlRenderer
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}
        table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
        th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}tr.total td,tr.node td{font-weight:bold}table.rows td{white-space:nowrap}
        img{display:block;max-width:100%;margin:.5em 0}.note{color:#666;font-size:.9em}
        """;

    /// <summary>The HTML document of <paramref name="report"/>.</summary>
    public static string Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var b = new StringBuilder();
        b.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Metering report: ")
            .Append(E(report.Title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        b.Append("<h1>Metering report: ").Append(E(report.Title)).Append("</h1>\n");
        // A job report of one job shows it; one of a Slurm job's runs or array tasks lists them like a project report.
        var one = report.Request.Kind == ReportKind.Job && report.Total is null;
        if (report.Request.Kind != ReportKind.Job)
        {
            b.Append("<p class=\"note\">").Append(report.Request.Kind == ReportKind.Node ? "Buckets that start " : "Jobs that started ")
                .Append(E(ReportBuilder.Range(report.Request))).Append(" (UTC).</p>\n");
        }

        if (one)
        {
            Metadata(b, report.Jobs[0]);
        }

        Figures(b, one ? report.Jobs[0] : report.Total!);
        if (!one)
        {
            Rows(b, report);
        }

        Charts(b, report);
        b.Append("<p class=\"note\">Energy in Wh below 1 kWh, else kWh; CO2e in g below 1 kg, else kg. Coverage is rounded down.</p>\n");
        b.Append("</body>\n</html>\n");
        return b.ToString();
    }

    private static void Metadata(StringBuilder b, ReportRow job)
    {
        b.Append("<h2>Job</h2>\n<table class=\"metadata\">\n");
        (string, string?)[] rows =
        [
            ("Job ID", job.Label), ("Name", job.Name), ("User", job.User), ("Project", job.Project), ("Model", job.Model),
            ("Purpose", job.Purpose), ("Source", job.Source), ("State", job.State), ("Nodes", string.Join(", ", job.Nodes)),
            ("GPUs", N(job.Gpus)), ("CPU cores", N(job.Cpus)), ("Start", job.StartMs is { } s ? ReportUnits.Time(s) : null),
            ("End", job.EndMs is { } e ? ReportUnits.Time(e) : "running (figures as of the last summary)"), ("Elapsed", ReportUnits.Elapsed(job.DurationMs)),
        ];
        foreach (var (name, value) in rows)
        {
            b.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(string.IsNullOrEmpty(value) ? "-" : value)).Append("</td></tr>\n");
        }

        b.Append("</table>\n");
    }

    private static void Figures(StringBuilder b, ReportRow r)
    {
        b.Append("<h2>Figures</h2>\n<table class=\"figures\">\n<tr><th>Figure</th><th>Value</th><th>Method</th><th>Coverage %</th></tr>\n");
        var method = E(r.Method);
        var coverage = ReportUnits.CoveragePercent(r.Coverage);
        (string Name, string Field, string Raw, string Text)[] all =
        [
            ("IT energy", "it_mj", N(r.ItMillijoules), ReportUnits.Energy(r.ItMillijoules)),
            ("Idle part", "idle_mj", N(r.IdleMillijoules), ReportUnits.Energy(r.IdleMillijoules)),
            ("Dynamic part", "dynamic_mj", N(r.DynamicMillijoules), ReportUnits.Energy(r.DynamicMillijoules)),
            ("Facility energy", "facility_mj", N(r.FacilityMillijoules), ReportUnits.Energy(r.FacilityMillijoules)),
            ("CO2e", "co2e_g", D(r.KnownCo2eGrams), ReportUnits.Co2e(r.KnownCo2eGrams)),
            ("Mean power", "mean_w", D(r.MeanWatts), ReportUnits.Watts(r.MeanWatts) + " W"),
            ("Peak power", "peak_w", D(r.PeakWatts), ReportUnits.Watts(r.PeakWatts) + " W"),
            ("Idle share", "idle_share", D(r.IdleShare), ReportUnits.Percent(r.IdleShare) + " %"),
        ];
        // A total has no mean or peak power (ReportTotals): those lines are left out, not shown empty. An unknown CO2e is
        // shown as n/a.
        foreach (var f in all.Where(f => f.Raw.Length > 0 || f.Field == "co2e_g"))
        {
            b.Append("<tr><th>").Append(f.Name).Append("</th><td class=\"num\" data-field=\"").Append(f.Field).Append("\" data-value=\"").Append(f.Raw)
                .Append("\">").Append(E(f.Text)).Append("</td><td>").Append(method).Append("</td><td class=\"num\">").Append(coverage).Append("</td></tr>\n");
        }

        b.Append("</table>\n");
        if (r.Flags.Count > 0)
        {
            b.Append("<p class=\"note\">Flags: ").Append(E(string.Join(", ", r.Flags))).Append("</p>\n");
        }
    }

    private static void Rows(StringBuilder b, Report report)
    {
        b.Append("<h2>").Append(report.Request.Kind == ReportKind.Node ? "Where the node's energy went" : "Jobs").Append("</h2>\n<table class=\"rows\">\n<tr>");
        foreach (var (header, _) in TableRenderer.Columns)
        {
            b.Append("<th>").Append(E(header)).Append("</th>");
        }

        b.Append("</tr>\n");
        var units = ColumnUnits.Of(report.Rows);
        foreach (var r in report.Rows)
        {
            b.Append("<tr class=\"").Append(r.Kind.ToString().ToLowerInvariant()).Append("\" data-label=\"").Append(E(r.Label))
                .Append("\" data-it-mj=\"").Append(N(r.ItMillijoules)).Append("\" data-facility-mj=\"").Append(N(r.FacilityMillijoules))
                .Append("\" data-co2e-g=\"").Append(D(r.KnownCo2eGrams)).Append("\">");
            var cells = TableRenderer.Cells(r, units);
            for (var i = 0; i < cells.Length; i++)
            {
                b.Append(TableRenderer.Columns[i].Right ? "<td class=\"num\">" : "<td>").Append(E(cells[i])).Append("</td>");
            }

            b.Append("</tr>\n");
        }

        b.Append("</table>\n");
    }

    private static void Charts(StringBuilder b, Report report)
    {
        b.Append("<h2>").Append(report.Series.Count > 0 ? "Power" : "Energy per job").Append("</h2>\n");
        if (report.Series.Count == 0)
        {
            Image(b, ReportCharts.JobBars(report.Jobs), "IT energy per job");
            return;
        }

        foreach (var s in report.Series)
        {
            if (s.Buckets.Count == 0)
            {
                b.Append("<p class=\"note\">No buckets stored for node ").Append(E(s.NodeId)).Append(".</p>\n");
                continue;
            }

            var jobs = report.Request.Kind == ReportKind.Job ? [report.Jobs[0].Label] : (IReadOnlyList<string>?)null;
            Image(b, ReportCharts.NodePower(s, jobs), "node " + s.NodeId + ": measured power and job shares");
        }
    }

    private static void Image(StringBuilder b, byte[] png, string alt) =>
        b.Append("<img alt=\"").Append(E(alt)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\">\n");

    private static string E(string s) => WebUtility.HtmlEncode(s);

    private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string D(double? v) => v is { } d && double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : string.Empty;
}
