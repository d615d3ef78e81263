using Metering.Collector.Attribution;
using Metering.Collector.Demo;
using Metering.Collector.Nodes;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using Metering.Collector.Tests.Storage;

namespace Metering.Collector.Tests.Demo;

/// <summary>
/// The demo's cross-check reads node_energy, node_attribution, job_energy and job_summary figures from a real SQLite
/// store and finds a record that was lost, doubled or left stale, naming the job whose summary disagrees.
/// </summary>
public sealed class DemoCrossCheckTests : IDisposable
{
    private const long Origin = 1_764_403_200_000;
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Records_that_agree_pass_the_check()
    {
        var (scenario, rows, points) = Store(0);

        var check = await CheckAsync(scenario, rows, points);

        Assert.True(check.Agrees, check.ToString());
        Assert.Equal((rows.Count, DemoSite.NodeCount), (check.Jobs, check.NodeRecords));
        Assert.Equal(rows.Sum(r => r.ItMillijoules!.Value), check.JobRecordsMillijoules);
    }

    [Theory]
    [InlineData(1)]   // a node's energy differs from what attribution split
    [InlineData(2)]   // a job record doubled into another bucket
    [InlineData(3)]   // a summary left stale
    [InlineData(4)]   // a node record that does not balance
    public async Task A_lost_doubled_or_stale_record_is_found(int fault)
    {
        var (scenario, rows, points) = Store(fault);

        var check = await CheckAsync(scenario, rows, points);

        Assert.False(check.Agrees);
        Assert.Contains("RECORDS DISAGREE", DemoTable.Site(new DemoSiteTotals(4, 4, 0, 0, 0, 0, 0, 0), check));
        if (fault == 3)
        {
            Assert.Equal((rows[0].JobId, 5L), Assert.Single(check.SummaryMismatches));
        }
    }

    private async Task<DemoCrossCheck> CheckAsync(DemoScenario scenario, IReadOnlyList<DemoJobRow> rows, IReadOnlyList<Point> points)
    {
        var buffer = new LineProtocolBuffer();
        buffer.AppendRange([.. points]);
        using var sink = new SqliteSink(new SqliteSinkSettings { Path = _dir.File("store.db") });
        await sink.WriteAsync(buffer.Written, CancellationToken.None);
        return await DemoCrossCheck.ReadAsync(sink, scenario, rows, CancellationToken.None);
    }

    /// <summary>A run's records: 1 J per job per node bucket of its start, each node 100 J in its first bucket, the rest unallocated; then one fault.</summary>
    private static (DemoScenario, IReadOnlyList<DemoJobRow>, IReadOnlyList<Point>) Store(int fault)
    {
        var scenario = new DemoScenario(1, 60_000);
        scenario.Anchor(Origin);
        var points = new List<Point>();
        var rows = new List<DemoJobRow>();
        foreach (var plan in scenario.Plans)
        {
            var (id, start) = (scenario.JobId(plan), scenario.StartMs(plan));
            var bucket = start - (start % DemoScenario.BucketMs);
            var node = scenario.Nodes[plan.NodeIndex].NodeId;
            points.Add(new Point(AttributionPoints.JobEnergy, [new Tag("job", id), new Tag("node", node), new Tag("site", DemoSite.SiteId)], [new Field("it_mj", 1000L)], bucket));
            rows.Add(new DemoJobRow(id, plan.Project, plan.Model, plan.GpuIndices.Length, plan.DurationMs, fault == 3 && rows.Count == 0 ? 1005 : 1000, 0, 0, "estimate", 1, 1000));
            if (fault == 2 && rows.Count == 1)
            {
                points.Add(new Point(AttributionPoints.JobEnergy, [new Tag("job", id), new Tag("node", node), new Tag("site", DemoSite.SiteId)], [new Field("it_mj", 1000L)], bucket + DemoScenario.BucketMs));
            }
        }

        foreach (var n in scenario.Nodes)
        {
            var tags = new[] { new Tag("node", n.NodeId), new Tag("site", DemoSite.SiteId) };
            var jobs = 1000L * scenario.Plans.Count(p => p.NodeIndex == n.Index);
            points.Add(new Point(NodePoints.NodeEnergy, tags, [new Field("energy_mj", fault == 1 && n.Index == 0 ? 100_001L : 100_000L)], Origin));
            points.Add(new Point(AttributionPoints.NodeAttribution, tags,
                [new Field("measured_mj", 100_000L), new Field("jobs_mj", jobs), new Field("overhead_mj", 0L), new Field("unallocated_mj", 100_000L - jobs - (fault == 4 && n.Index == 1 ? 1 : 0))], Origin));
        }

        return (scenario, rows, points);
    }
}
