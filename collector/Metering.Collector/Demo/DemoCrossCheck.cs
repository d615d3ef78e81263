using Metering.Collector.Attribution;
using Metering.Collector.Nodes;
using Metering.Collector.Storage;
using static Metering.Collector.Reports.StoredFields;

namespace Metering.Collector.Demo;

/// <summary>
/// The run's records checked against each other, each read from the store as reports read them: the node stage's
/// energy (<c>node_energy</c>) against what attribution says it split (<c>node_attribution</c> measured), the jobs'
/// per-bucket records (<c>job_energy</c>) against the node records' job share, and each job's summary
/// (<c>job_summary</c>) against the sum of its records. Three stages write these points separately; a lost, doubled
/// or stale record shows as a difference here.
/// </summary>
/// <param name="NodeEnergyMillijoules">Sum of <c>node_energy</c> over the run, mJ.</param>
/// <param name="AttributedMillijoules">Sum of <c>node_attribution</c> measured over the run, mJ.</param>
/// <param name="JobRecordsMillijoules">Sum of every job's <c>job_energy</c> records, mJ.</param>
/// <param name="NodeJobsMillijoules">Sum of <c>node_attribution</c> jobs over the run, mJ.</param>
/// <param name="Jobs">Jobs checked.</param>
/// <param name="SummaryMismatches">Jobs whose summary differs from the sum of their records: id and difference, mJ.</param>
/// <param name="NodeRecords">Node records read.</param>
/// <param name="UnbalancedNodeRecords">Node records whose jobs + overhead + unallocated differ from their measured energy.</param>
internal sealed record DemoCrossCheck(
    long NodeEnergyMillijoules, long AttributedMillijoules, long JobRecordsMillijoules, long NodeJobsMillijoules,
    int Jobs, IReadOnlyList<(string JobId, long DifferenceMillijoules)> SummaryMismatches, int NodeRecords, int UnbalancedNodeRecords)
{
    /// <summary>True when every pair agrees to the millijoule.</summary>
    public bool Agrees => NodeEnergyMillijoules == AttributedMillijoules && JobRecordsMillijoules == NodeJobsMillijoules
        && SummaryMismatches.Count == 0 && UnbalancedNodeRecords == 0;

    /// <summary>Reads the run's points back and compares them.</summary>
    public static async Task<DemoCrossCheck> ReadAsync(IPointReader reader, DemoScenario scenario, IReadOnlyList<DemoJobRow> rows, CancellationToken cancellationToken)
    {
        var from = scenario.OriginMs ?? throw new InvalidOperationException("anchor the scenario first");
        var to = from + scenario.DurationMs;
        long nodeEnergy = 0, attributed = 0, nodeJobs = 0;
        int records = 0, unbalanced = 0;
        foreach (var node in scenario.Nodes)
        {
            var tags = new Dictionary<string, string> { ["node"] = node.NodeId };
            nodeEnergy += (await reader.QueryAsync(NodePoints.NodeEnergy, tags, from, to, cancellationToken).ConfigureAwait(false)).Sum(p => Long(p, "energy_mj"));
            foreach (var p in await reader.QueryAsync(AttributionPoints.NodeAttribution, tags, from, to, cancellationToken).ConfigureAwait(false))
            {
                records++;
                attributed += Long(p, "measured_mj");
                nodeJobs += Long(p, "jobs_mj");
                unbalanced += Long(p, "jobs_mj") + Long(p, "overhead_mj") + Long(p, "unallocated_mj") == Long(p, "measured_mj") ? 0 : 1;
            }
        }

        long jobRecords = 0;
        var mismatches = new List<(string, long)>();
        foreach (var (plan, row) in scenario.Plans.Zip(rows))
        {
            var start = scenario.StartMs(plan);
            var bucketStart = start - (start % DemoScenario.BucketMs);
            var tags = new Dictionary<string, string> { ["job"] = row.JobId };
            var sum = (await reader.QueryAsync(AttributionPoints.JobEnergy, tags, bucketStart, scenario.EndMs(plan) + DemoScenario.BucketMs, cancellationToken).ConfigureAwait(false))
                .Sum(p => Long(p, "it_mj"));
            jobRecords += sum;
            if (row.ItMillijoules is not { } summary || summary != sum)
            {
                mismatches.Add((row.JobId, (row.ItMillijoules ?? 0) - sum));
            }
        }

        return new DemoCrossCheck(nodeEnergy, attributed, jobRecords, nodeJobs, rows.Count, mismatches, records, unbalanced);
    }
}
