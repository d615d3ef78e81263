using System.Globalization;
using System.Text.Json;
using Metering.Collector.Attribution;
using Metering.Collector.Reports;

namespace Metering.Collector.Tests.Reports;

/// <summary>`metering report job ID` on a store the real attribution stage filled: every format shows the stored figures.</summary>
public sealed class JobReportTests(StoredSite site) : IClassFixture<StoredSite>
{
    private ReportFixture F => site.Fixture;

    public static TheoryData<string> Jobs => [.. ReportFixture.JobIds];

    [Theory]
    [MemberData(nameof(Jobs))]
    public async Task Json_holds_the_stored_summary_in_base_units_with_kWh_and_kg_beside(string id)
    {
        var s = F.Summaries[id];
        var job = F.Jobs[id];
        using var doc = JsonDocument.Parse(await ReportCli.OutputAsync(F, "job", id, "--format", "json"));
        Assert.Equal(("job", id), (doc.RootElement.GetProperty("report").GetString(), doc.RootElement.GetProperty("key").GetString()));
        var row = Assert.Single(doc.RootElement.GetProperty("jobs").EnumerateArray());

        Assert.Equal(id, row.GetProperty("job_id").GetString());
        Assert.Equal((job.User, job.Project, job.Model, job.Purpose, job.Name), (Text(row, "user"), Text(row, "project"), Text(row, "model"), Text(row, "purpose"), Text(row, "name")));
        Assert.Equal(job.State.ToString().ToLowerInvariant(), row.GetProperty("state").GetString());
        Assert.Equal(job.Allocations.Select(a => a.NodeId).Distinct(), row.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal((s.StartMs, s.DurationMs), (row.GetProperty("start_ms").GetInt64(), row.GetProperty("duration_ms").GetInt64()));
        Assert.Equal(s.EndMs, row.GetProperty("end_ms").ValueKind == JsonValueKind.Null ? null : row.GetProperty("end_ms").GetInt64());
        Assert.Equal((s.ItMillijoules, s.IdleMillijoules, s.DynamicMillijoules, s.FacilityMillijoules),
            (row.GetProperty("it_mj").GetInt64(), row.GetProperty("idle_mj").GetInt64(), row.GetProperty("dynamic_mj").GetInt64(), row.GetProperty("facility_mj").GetInt64()));
        Assert.Equal((s.Co2eGrams, s.MeanWatts, s.PeakWatts, s.MeterCoverage, s.IdleShare),
            (row.GetProperty("co2e_g").GetDouble(), row.GetProperty("mean_w").GetDouble(), row.GetProperty("peak_w").GetDouble(), row.GetProperty("coverage").GetDouble(), row.GetProperty("idle_share").GetDouble()));
        Assert.Equal((s.ItKwh, s.FacilityKwh, s.KgCo2e), (row.GetProperty("it_kwh").GetDouble(), row.GetProperty("facility_kwh").GetDouble(), row.GetProperty("co2e_kg").GetDouble()));
        Assert.Equal(s.Method is { } m ? AttributionPoints.MethodName(m) : "none", row.GetProperty("method").GetString());
        Assert.Equal(AttributionPoints.FlagNames(s.Flags), string.Join('|', row.GetProperty("flags").EnumerateArray().Select(f => f.GetString())));
    }

    [Theory]
    [MemberData(nameof(Jobs))]
    public async Task The_table_reads_like_sacct_with_method_and_coverage_beside_the_figures(string id)
    {
        var s = F.Summaries[id];
        var text = await ReportCli.OutputAsync(F, "job", id);
        var lines = text.Split('\n');
        Assert.Equal(TableRenderer.Columns.Select(c => c.Header), TableText.Rows(text)[0].Keys);
        Assert.StartsWith("JobID", lines[0], StringComparison.Ordinal);
        var row = Assert.Single(TableText.Rows(text));

        Assert.Equal((id, F.Jobs[id].User, F.Jobs[id].State.ToString().ToUpperInvariant()), (row["JobID"], row["User"], row["State"]));
        Assert.Equal(ReportUnits.Time(s.StartMs), row["Start"]);
        Assert.Equal(ReportUnits.Elapsed(s.DurationMs), row["Elapsed"]);
        Assert.Equal(F.Jobs[id].Allocations.Select(a => a.NodeId).Distinct().Count().ToString(CultureInfo.InvariantCulture), row["Nodes"]);
        AssertEnergy(s.ItMillijoules, row["IT energy"]);
        AssertEnergy(s.FacilityMillijoules, row["Facility energy"]);
        var (g, tolerance) = TableText.Mass(row["CO2e"]);
        Assert.InRange(s.Co2eGrams, g - tolerance, g + tolerance);
        Assert.Equal((s.Method is { } m ? AttributionPoints.MethodName(m) : "none", ReportUnits.CoveragePercent(s.MeterCoverage)), (row["Method"], row["Coverage %"]));
        Assert.Equal((ReportUnits.Watts(s.MeanWatts), ReportUnits.Watts(s.PeakWatts), ReportUnits.Percent(s.IdleShare)), (row["Mean W"], row["Peak W"], row["Idle %"]));
    }

    [Fact]
    public async Task The_fixture_gives_both_units_of_energy_and_of_CO2e()
    {
        var big = TableText.Rows(await ReportCli.OutputAsync(F, "job", "slurm:4711"))[0];
        var small = TableText.Rows(await ReportCli.OutputAsync(F, "job", "slurm:4712"))[0];
        Assert.EndsWith(" kWh", big["IT energy"], StringComparison.Ordinal);
        Assert.EndsWith(" kg", big["CO2e"], StringComparison.Ordinal);
        Assert.EndsWith(" Wh", small["IT energy"], StringComparison.Ordinal);
        Assert.DoesNotContain("kWh", small["IT energy"], StringComparison.Ordinal);
        Assert.EndsWith(" g", small["CO2e"], StringComparison.Ordinal);
        Assert.Equal("estimate", small["Method"]);
    }

    [Fact]
    public async Task A_running_job_has_no_end_and_its_figures_run_to_the_last_summary()
    {
        var s = F.Summaries["run:eval-7"];
        using var doc = JsonDocument.Parse(await ReportCli.OutputAsync(F, "job", "run:eval-7", "--format", "json"));
        var row = doc.RootElement.GetProperty("jobs")[0];
        Assert.True(row.GetProperty("running").GetBoolean());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("end_ms").ValueKind);
        Assert.Equal(ReportFixture.AsOf - F.Jobs["run:eval-7"].StartMs, row.GetProperty("duration_ms").GetInt64());
        Assert.True(s.ItMillijoules > 0);

        var table = TableText.Rows(await ReportCli.OutputAsync(F, "job", "run:eval-7"))[0];
        Assert.Equal(("RUNNING", ReportUnits.Elapsed(s.DurationMs)), (table["State"], table["Elapsed"]));
    }

    [Fact]
    public async Task A_job_with_no_records_reads_coverage_0_and_method_none()
    {
        var row = TableText.Rows(await ReportCli.OutputAsync(F, "job", "api:ghost"))[0];
        Assert.Equal(("0 Wh", "0 Wh", "0 g", "none", "0.0"), (row["IT energy"], row["Facility energy"], row["CO2e"], row["Method"], row["Coverage %"]));

        using var doc = JsonDocument.Parse(await ReportCli.OutputAsync(F, "job", "api:ghost", "--format", "json"));
        var json = doc.RootElement.GetProperty("jobs")[0];
        Assert.Equal((0L, 0.0, "none", 0L), (json.GetProperty("it_mj").GetInt64(), json.GetProperty("coverage").GetDouble(), json.GetProperty("method").GetString(), json.GetProperty("buckets").GetInt64()));
        var series = Assert.Single(doc.RootElement.GetProperty("series").EnumerateArray());
        Assert.Empty(series.GetProperty("buckets").EnumerateArray());
    }

    [Fact]
    public async Task The_json_series_holds_each_node_s_buckets_with_the_job_s_share()
    {
        using var doc = JsonDocument.Parse(await ReportCli.OutputAsync(F, "job", "slurm:4711", "--format", "json"));
        foreach (var series in doc.RootElement.GetProperty("series").EnumerateArray())
        {
            var node = series.GetProperty("node").GetString()!;
            var records = F.RecordsOn(node).Where(r => r.JobId == "slurm:4711").ToDictionary(r => r.BucketStartMs);
            var buckets = series.GetProperty("buckets").EnumerateArray().ToList();
            Assert.Equal(F.Buckets.Where(b => b.NodeId == node && b.BucketStartMs >= ReportFixture.T0 && b.BucketStartMs < F.Jobs["slurm:4711"].EndMs).Select(b => (b.BucketStartMs, b.EnergyMillijoules)),
                buckets.Select(b => (b.GetProperty("start_ms").GetInt64(), b.GetProperty("energy_mj").GetInt64())));
            Assert.All(buckets, b => Assert.Equal(records[b.GetProperty("start_ms").GetInt64()].ItMillijoules, b.GetProperty("jobs_mj").GetProperty("slurm:4711").GetInt64()));
        }
    }

    [Fact]
    public async Task The_csv_has_a_header_and_one_record_with_the_stored_figures()
    {
        var s = F.Summaries["slurm:4711"];
        var records = Csv.Parse(await ReportCli.OutputAsync(F, "job", "slurm:4711", "--format", "csv"));
        Assert.Equal(CsvRenderer.Header, records[0]);
        var row = CsvRenderer.Header.Zip(Assert.Single(records.Skip(1))).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal(("job", "slurm:4711", "gpu-a01,gpu-a02"), (row["row"], row["job_id"], row["nodes"]));
        Assert.Equal(s.ItMillijoules, long.Parse(row["it_mj"], CultureInfo.InvariantCulture));
        // Fractions with fixed decimals: g to 3, shares to 4.
        Assert.Equal(s.Co2eGrams.ToString("F3", CultureInfo.InvariantCulture), row["co2e_g"]);
        Assert.Equal(s.MeterCoverage.ToString("F4", CultureInfo.InvariantCulture), row["coverage"]);
        Assert.Equal(ReportUnits.Time(s.EndMs!.Value), row["end_utc"]);
    }

    private static string? Text(JsonElement row, string name) => row.GetProperty(name).ValueKind == JsonValueKind.Null ? null : row.GetProperty(name).GetString();

    private static void AssertEnergy(long storedMillijoules, string text)
    {
        var (mj, tolerance) = TableText.Energy(text);
        Assert.InRange(storedMillijoules, mj - tolerance, mj + tolerance);
    }
}
