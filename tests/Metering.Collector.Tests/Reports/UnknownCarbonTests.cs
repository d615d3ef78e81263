using System.Text.Json;
using Metering.Collector.Reports;

namespace Metering.Collector.Tests.Reports;

/// <summary>
/// A job whose CO2e is unknown (no carbon intensity for its time: flag carbon_missing) is shown as n/a in every format
/// (JSON null, an empty CSV cell), and so is a total that holds it; never 0, which a spreadsheet would sum as clean.
/// </summary>
public sealed class UnknownCarbonTests
{
    private static readonly ReportRow Known = Row("api:known", 1200.5, []);
    private static readonly ReportRow Unknown = Row("api:unknown", 0, [ReportRow.CarbonMissingFlag, "pue_default"]);
    private static readonly Report Project = new(new ReportRequest(ReportKind.Project, "p", ReportRequest.Unbounded, ReportRequest.Unbounded), [Known, Unknown], ReportTotals.Sum([Known, Unknown]), [], []);

    [Fact]
    public void Json_has_null_for_the_unknown_job_and_the_total()
    {
        using var doc = JsonDocument.Parse(JsonRenderer.Render(Project));
        var jobs = doc.RootElement.GetProperty("jobs").EnumerateArray().ToList();

        Assert.Equal(1200.5, jobs[0].GetProperty("co2e_g").GetDouble());
        Assert.Equal(JsonValueKind.Null, jobs[1].GetProperty("co2e_g").ValueKind);
        Assert.Equal(JsonValueKind.Null, jobs[1].GetProperty("co2e_kg").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("total").GetProperty("co2e_g").ValueKind);
    }

    [Fact]
    public void Csv_leaves_the_cells_empty_and_the_table_and_html_say_n_a()
    {
        var csv = CsvRenderer.Render(Project).Split('\n');
        var header = csv[0].Split(',').ToList();
        var unknown = csv.Single(l => l.StartsWith("job,api:unknown", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("", ""), (unknown[header.IndexOf("co2e_g")], unknown[header.IndexOf("co2e_kg")]));
        Assert.Equal("1200.500", csv.Single(l => l.StartsWith("job,api:known", StringComparison.Ordinal)).Split(',')[header.IndexOf("co2e_g")]);

        var table = TableRenderer.Render(Project);
        Assert.Contains("n/a", table.Split('\n').Single(l => l.StartsWith("api:unknown", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("n/a", table.Split('\n').Single(l => l.StartsWith("total", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("1.20 kg", table, StringComparison.Ordinal);
        Assert.Contains("data-co2e-g=\"\"", HtmlRenderer.Render(Project), StringComparison.Ordinal);
    }

    private static ReportRow Row(string id, double grams, IReadOnlyList<string> flags) => new()
    {
        Kind = RowKind.Job, Label = id, Nodes = ["n1"], StartMs = 1_740_000_000_000, EndMs = 1_740_000_060_000, DurationMs = 60_000,
        ItMillijoules = 3_600_000_000, FacilityMillijoules = 3_600_000_000, Co2eGrams = grams, Method = "allocation", Coverage = 1, Flags = flags,
    };
}
