using System.Text.Json;
using Metering.Collector.Attribution;
using Metering.Collector.Nodes;
using Metering.Collector.Points;
using Metering.Collector.Reports;
using Metering.Collector.Storage;

namespace Metering.Collector.Tests.Reports;

/// <summary>`metering report node N`: each job's share of the node, the remainder, and the measured total; they add up.</summary>
public sealed class NodeReportTests(StoredSite site) : IClassFixture<StoredSite>
{
    private const long From = ReportFixture.T0 - ReportFixture.Minute;
    private const long To = ReportFixture.T0 + (15 * ReportFixture.Minute);

    private ReportFixture F => site.Fixture;

    private static string[] Range => ["--from", ReportUnits.Time(From), "--to", ReportUnits.Time(To)];

    [Theory]
    [InlineData("gpu-a01")]
    [InlineData("gpu-a02")]
    public async Task Jobs_plus_overhead_plus_unallocated_equal_the_measured_energy_exactly(string node)
    {
        using var doc = JsonDocument.Parse(await ReportCli.OutputAsync(F, ["node", node, .. Range, "--format", "json"]));
        var records = F.RecordsOn(node, From, To).ToList();
        var remainders = F.Remainders.Values.Where(r => r.NodeId == node && r.BucketStartMs >= From && r.BucketStartMs < To).ToList();
        var measured = F.Buckets.Where(b => b.NodeId == node && b.BucketStartMs >= From && b.BucketStartMs < To).Sum(b => b.EnergyMillijoules);

        var jobs = doc.RootElement.GetProperty("jobs").EnumerateArray().ToDictionary(j => j.GetProperty("job_id").GetString()!, j => j);
        Assert.Equal(records.Select(r => r.JobId).Distinct().Order(StringComparer.Ordinal), jobs.Keys.Order(StringComparer.Ordinal));
        foreach (var (id, row) in jobs)
        {
            var mine = records.Where(r => r.JobId == id).ToList();
            Assert.Equal(mine.Sum(r => r.ItMillijoules), row.GetProperty("it_mj").GetInt64());
            Assert.Equal(mine.Sum(r => r.FacilityMillijoules), row.GetProperty("facility_mj").GetInt64());
            Assert.Equal(mine.Sum(r => r.Co2eGrams), row.GetProperty("co2e_g").GetDouble(), 9);
            Assert.Equal(AttributionPoints.MethodName(mine[0].Method), row.GetProperty("method").GetString());
            var job = F.Jobs[id];
            Assert.Equal((job.Allocations.Sum(a => (long)a.GpuIndices.Count), job.Allocations.Sum(a => (long)a.CpuCores)),
                (row.GetProperty("gpus").GetInt64(), row.GetProperty("cpus").GetInt64()));   // not 0, 0
        }

        var remainder = doc.RootElement.GetProperty("remainder").EnumerateArray().ToDictionary(r => r.GetProperty("label").GetString()!, r => r.GetProperty("it_mj").GetInt64());
        Assert.Equal(remainders.Sum(r => r.IdleOverheadMillijoules), remainder["overhead"]);
        Assert.Equal(remainders.Sum(r => r.UnallocatedMillijoules), remainder["unallocated"]);
        Assert.False(remainder.ContainsKey("unattributed"));

        var total = doc.RootElement.GetProperty("total");
        Assert.Equal(("node", measured), (total.GetProperty("kind").GetString(), total.GetProperty("it_mj").GetInt64()));
        Assert.Equal(measured, jobs.Values.Sum(j => j.GetProperty("it_mj").GetInt64()) + remainder.Values.Sum());
        Assert.Equal(records.Sum(r => r.FacilityMillijoules) + remainders.Sum(r => r.FacilityMillijoules), total.GetProperty("facility_mj").GetInt64());
    }

    [Fact]
    public async Task The_table_lists_the_jobs_then_the_remainder_then_the_measured_line()
    {
        var rows = TableText.Rows(await ReportCli.OutputAsync(F, ["node", "gpu-a02", .. Range]));
        Assert.Equal(["slurm:4711", "slurm:4712", "(overhead)", "(unallocated)", "measured"], rows.Select(r => r["JobID"]));
        var measured = F.Buckets.Where(b => b.NodeId == "gpu-a02" && b.BucketStartMs >= From && b.BucketStartMs < To).ToList();
        var (mj, tolerance) = TableText.Energy(rows[^1]["IT energy"]);
        Assert.InRange(measured.Sum(b => b.EnergyMillijoules), mj - tolerance, mj + tolerance);
        Assert.Equal(ReportUnits.Watts(measured.Max(b => b.PowerMeanMilliwatts) / 1000.0), rows[^1]["Peak W"]);
        Assert.Equal(ReportUnits.Elapsed(To - From), rows[^1]["Elapsed"]);
    }

    [Fact]
    public async Task A_job_s_coverage_on_the_node_counts_the_half_covered_bucket()
    {
        using var doc = JsonDocument.Parse(await ReportCli.OutputAsync(F, ["node", "gpu-a01", .. Range, "--format", "json"]));
        var row = doc.RootElement.GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("job_id").GetString() == "slurm:4711");
        var records = F.RecordsOn("gpu-a01", From, To).Where(r => r.JobId == "slurm:4711").ToList();
        Assert.Equal(To - ReportFixture.T0, row.GetProperty("duration_ms").GetInt64());
        Assert.Equal(records.Sum(r => r.OverlapMs * r.Coverage) / (To - ReportFixture.T0), row.GetProperty("coverage").GetDouble(), 12);
        Assert.True(row.GetProperty("coverage").GetDouble() < 1);
        Assert.Contains("partial_coverage", row.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
    }

    [Fact]
    public async Task Measured_energy_without_attribution_shows_as_unattributed()
    {
        using var dir = new Storage.TempFolder();
        using (var sink = new SqliteSink(new SqliteSinkSettings { Path = dir.File("store.db") }))
        {
            var buffer = new LineProtocolBuffer();
            buffer.AppendRange([.. F.Buckets.Where(b => b.NodeId == "gpu-a01" && b.BucketStartMs < ReportFixture.T0).SelectMany(NodePoints.Node)]);
            await sink.WriteAsync(buffer.Written, CancellationToken.None);
        }

        var (code, output, error) = await ReportCli.RunAsync("node", "gpu-a01", "--from", ReportUnits.Time(ReportFixture.FirstBucket), "--to", ReportUnits.Time(ReportFixture.T0), "--data", dir.Path);
        Assert.True(code == 0, error);
        var rows = TableText.Rows(output);
        Assert.Equal(["(overhead)", "(unallocated)", "(unattributed)", "measured"], rows.Select(r => r["JobID"]));
        Assert.Equal(rows[^1]["IT energy"], rows[2]["IT energy"]);
        Assert.Equal(("0 Wh", "0 Wh"), (rows[0]["IT energy"], rows[1]["IT energy"]));
    }

    [Fact]
    public async Task The_json_series_has_every_bucket_with_each_job_s_share()
    {
        using var doc = JsonDocument.Parse(await ReportCli.OutputAsync(F, ["node", "gpu-a02", .. Range, "--format", "json"]));
        var series = Assert.Single(doc.RootElement.GetProperty("series").EnumerateArray());
        var buckets = series.GetProperty("buckets").EnumerateArray().ToList();
        Assert.Equal(F.Buckets.Where(b => b.NodeId == "gpu-a02" && b.BucketStartMs >= From && b.BucketStartMs < To).Select(b => (b.BucketStartMs, b.PowerMeanMilliwatts)),
            buckets.Select(b => (b.GetProperty("start_ms").GetInt64(), b.GetProperty("p_mean_mw").GetInt64())));
        var shares = buckets.SelectMany(b => b.GetProperty("jobs_mj").EnumerateObject().Select(j => (b.GetProperty("start_ms").GetInt64(), j.Name, j.Value.GetInt64())));
        Assert.Equal(F.RecordsOn("gpu-a02", From, To).Select(r => (r.BucketStartMs, r.JobId, r.ItMillijoules)).Order(), shares.Order());
    }
}
