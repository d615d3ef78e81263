using System.Text.Json;
using Metering.Collector.Reports;

namespace Metering.Collector.Tests.Reports;

/// <summary>`metering report project|model|user`: the jobs that started in the range, one line each, and their total.</summary>
public sealed class LabelReportTests(StoredSite site) : IClassFixture<StoredSite>
{
    private ReportFixture F => site.Fixture;

    public static TheoryData<string, string, string[]> Selections => new()
    {
        { "project", "climate-llm", ["slurm:4711", "slurm:4712", "api:ghost"] },
        { "project", "vision", ["run:eval-7"] },
        { "user", "alice", ["slurm:4711", "run:eval-7"] },
        { "model", "llama-3-8b", ["slurm:4711", "slurm:4712", "api:ghost"] },
        { "model", "vit-h, v2", ["run:eval-7"] },
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public async Task The_jobs_of_a_label_come_by_start_with_a_total_line(string kind, string key, string[] expected)
    {
        var rows = TableText.Rows(await ReportCli.OutputAsync(F, kind, key));
        Assert.Equal([.. expected, "total"], rows.Select(r => r["JobID"]));
        var total = rows[^1];
        var sum = expected.Select(id => F.Summaries[id]).ToList();

        var (mj, tolerance) = TableText.Energy(total["IT energy"]);
        Assert.InRange(sum.Sum(s => s.ItMillijoules), mj - tolerance, mj + tolerance);
        (mj, tolerance) = TableText.Energy(total["Facility energy"]);
        Assert.InRange(sum.Sum(s => s.FacilityMillijoules), mj - tolerance, mj + tolerance);
        var (g, gTolerance) = TableText.Mass(total["CO2e"]);
        Assert.InRange(sum.Sum(s => s.Co2eGrams), g - gTolerance, g + gTolerance);
        Assert.Equal($"{expected.Length} job{(expected.Length == 1 ? string.Empty : "s")}", total["State"]);
        Assert.Equal(("-", "-"), (total["Mean W"], total["Peak W"]));
    }

    [Fact]
    public async Task The_json_total_sums_the_stored_summaries_and_weights_coverage_by_node_time()
    {
        string[] ids = ["slurm:4711", "slurm:4712", "api:ghost"];
        using var doc = JsonDocument.Parse(await ReportCli.OutputAsync(F, "project", "climate-llm", "--format", "json"));
        var total = doc.RootElement.GetProperty("total");
        var s = ids.Select(id => F.Summaries[id]).ToList();
        double NodeTime(string id) => F.Summaries[id].DurationMs * (double)F.Jobs[id].Allocations.Select(a => a.NodeId).Distinct().Count();

        Assert.Equal(s.Sum(x => x.ItMillijoules), total.GetProperty("it_mj").GetInt64());
        Assert.Equal(s.Sum(x => x.FacilityMillijoules), total.GetProperty("facility_mj").GetInt64());
        Assert.Equal(s.Sum(x => x.Co2eGrams), total.GetProperty("co2e_g").GetDouble(), 9);
        Assert.Equal(ids.Sum(id => F.Summaries[id].MeterCoverage * NodeTime(id)) / ids.Sum(NodeTime), total.GetProperty("coverage").GetDouble(), 12);
        Assert.Equal("mixed", total.GetProperty("method").GetString());   // allocation and estimate; the ghost's none does not count
        Assert.Equal(3, total.GetProperty("jobs").GetInt32());
        Assert.Equal(JsonValueKind.Null, total.GetProperty("mean_w").ValueKind);
        Assert.Equal(ids.Select(id => F.Summaries[id].ItMillijoules), doc.RootElement.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("it_mj").GetInt64()));
    }

    [Fact]
    public async Task The_range_selects_jobs_by_their_start()
    {
        var from = ReportUnits.Time(ReportFixture.T0 + ReportFixture.Minute);
        var rows = TableText.Rows(await ReportCli.OutputAsync(F, "project", "climate-llm", "--from", from));
        Assert.Equal(["slurm:4712", "api:ghost", "total"], rows.Select(r => r["JobID"]));

        var to = ReportUnits.Time(ReportFixture.T0 + (10 * ReportFixture.Minute));
        rows = TableText.Rows(await ReportCli.OutputAsync(F, "project", "climate-llm", "--from", from, "--to", to));
        Assert.Equal(["slurm:4712", "total"], rows.Select(r => r["JobID"]));
    }

    [Fact]
    public async Task The_csv_escapes_commas_and_quotes_and_holds_data_rows_only_unless_totals_are_asked_for()
    {
        var text = await ReportCli.OutputAsync(F, "user", "alice", "--format", "csv");
        var withTotal = Csv.Parse(await ReportCli.OutputAsync(F, "user", "alice", "--format", "csv", "--totals"));
        Assert.Equal("total", withTotal[^1][0]);
        Assert.Contains("\"eval \"\"quick\"\"\"", text, StringComparison.Ordinal);
        Assert.Contains(",\"vit-h, v2\",", text, StringComparison.Ordinal);
        var records = Csv.Parse(text);
        var rows = records.Skip(1).Select(r => CsvRenderer.Header.Zip(r).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.All(records, r => Assert.Equal(CsvRenderer.Header.Count, r.Length));
        Assert.Equal(["job", "job"], rows.Select(r => r["row"]));
        Assert.Equal(("eval \"quick\"", "vit-h, v2", "gpu-a01"), (rows[1]["name"], rows[1]["model"], rows[1]["nodes"]));
        Assert.Equal((string.Empty, string.Empty), (rows[1]["end_utc"], rows[1]["end_ms"]));
    }

    [Theory]
    [InlineData(",", "\",\"")]
    [InlineData("a\"b", "\"a\"\"b\"")]
    [InlineData("line\r\nbreak", "\"line\r\nbreak\"")]
    [InlineData("lf\nonly", "\"lf\nonly\"")]
    [InlineData("plain text; and | pipes", "plain text; and | pipes")]
    [InlineData("", "")]
    public void Csv_fields_are_quoted_only_when_RFC_4180_requires_it(string field, string expected) =>
        Assert.Equal(expected, CsvRenderer.Escape(field));
}
