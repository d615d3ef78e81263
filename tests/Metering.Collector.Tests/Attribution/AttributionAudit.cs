using System.Globalization;
using Metering.Collector.Attribution;
using Metering.Collector.Nodes;
using Metering.Collector.Points;

namespace Metering.Collector.Tests.Attribution;

/// <summary>
/// Checks stored attribution points against each other, as a report would read them: per node bucket, the jobs'
/// energy plus overhead plus unallocated is exactly the node's measured energy; each job summary is the sum of its
/// job_energy points; each rollup is the sum of its day's summaries.
/// </summary>
internal static class AttributionAudit
{
    public sealed record Stored(
        IReadOnlyList<Point> NodeEnergy, IReadOnlyList<Point> JobEnergy, IReadOnlyList<Point> NodeAttribution,
        IReadOnlyList<Point> Summaries, IReadOnlyList<Point> Rollups);

    /// <summary>Asserts every invariant; returns the number of node buckets checked.</summary>
    public static int AssertConsistent(Stored s)
    {
        var jobsByBucket = s.JobEnergy.ToLookup(p => (p.Tag("node"), p.TimestampMs));
        var attribution = s.NodeAttribution.ToDictionary(p => (p.Tag("node"), p.TimestampMs));
        foreach (var ne in s.NodeEnergy)
        {
            var key = (ne.Tag("node"), ne.TimestampMs);
            Assert.True(attribution.TryGetValue(key, out var na), $"node_attribution missing for {key}");
            var jobs = jobsByBucket[key].Sum(p => Long(p, "it_mj"));
            var measured = Long(ne, "energy_mj");
            Assert.Equal((measured, Long(ne, "revision")), (Long(na, "measured_mj"), Long(na, "revision")));
            Assert.True(jobs + Long(na, "overhead_mj") + Long(na, "unallocated_mj") == measured,
                $"{key}: jobs {jobs} + overhead {Long(na, "overhead_mj")} + unallocated {Long(na, "unallocated_mj")} != measured {measured}");
            Assert.Equal(jobs, Long(na, "jobs_mj"));
        }

        Assert.Equal(s.NodeEnergy.Count, s.NodeAttribution.Count);
        foreach (var summary in s.Summaries)
        {
            var records = s.JobEnergy.Where(p => p.Tag("job") == summary.Tag("job")).ToList();
            Assert.Equal((records.Sum(p => Long(p, "it_mj")), records.Sum(p => Long(p, "facility_mj"))), (Long(summary, "it_mj"), Long(summary, "facility_mj")));
        }

        foreach (var dimension in AttributionPoints.RollupDimensions)
        {
            var expected = s.Summaries.GroupBy(p => (Key: p.Field(dimension) as string ?? SummaryIndex.NoValue, Day: AttributionPoints.DayStartMs(p.TimestampMs)));
            var rollups = s.Rollups.Where(p => p.Tag("dimension") == dimension).ToDictionary(p => (p.Tag("key")!, p.TimestampMs));
            Assert.Equal(expected.Count(), rollups.Values.Count(p => Long(p, "jobs") > 0));
            foreach (var g in expected)
            {
                Assert.True(rollups.TryGetValue(g.Key, out var r), $"no {dimension} rollup for {g.Key}");
                Assert.Equal((g.LongCount(), g.Sum(p => Long(p, "it_mj")), g.Sum(p => Long(p, "facility_mj"))), (Long(r, "jobs"), Long(r, "it_mj"), Long(r, "facility_mj")));
                Assert.Equal(g.Sum(p => Double(p, "co2e_g")), Double(r, "co2e_g"), 9);
            }
        }

        return s.NodeEnergy.Count;
    }

    public static long Long(Point p, string field) => Convert.ToInt64(p.Field(field) ?? throw new InvalidOperationException($"{p.Measurement} has no {field}"), CultureInfo.InvariantCulture);

    public static double Double(Point p, string field) => Convert.ToDouble(p.Field(field) ?? throw new InvalidOperationException($"{p.Measurement} has no {field}"), CultureInfo.InvariantCulture);
}

/// <summary>An in-memory store that overwrites by key (measurement, tags, timestamp) and merges fields, as the sinks do.</summary>
internal sealed class PointMap
{
    private readonly Dictionary<(string, string, long), Point> _points = [];

    public void Write(IEnumerable<Point> points)
    {
        foreach (var p in points)
        {
            var key = (p.Measurement, string.Join(',', p.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")), p.TimestampMs);
            var fields = _points.TryGetValue(key, out var old) ? old.Fields.ToDictionary(f => f.Key, f => f.Value) : [];
            foreach (var f in p.Fields)
            {
                fields[f.Key] = f.Value;
            }

            _points[key] = p with { Fields = [.. fields.Select(f => new Field(f.Key, f.Value))] };
        }
    }

    public IReadOnlyList<Point> Of(string measurement) => [.. _points.Values.Where(p => p.Measurement == measurement).OrderBy(p => p.TimestampMs)];

    public AttributionAudit.Stored Stored() => new(Of(NodePoints.NodeEnergy), Of(AttributionPoints.JobEnergy), Of(AttributionPoints.NodeAttribution), Of(AttributionPoints.JobSummaryMeasurement), Of(AttributionPoints.EnergyRollup));

    /// <summary>Every point as text, by key, leaving out retractions (zero job_energy points, as good as absent): to compare two stores.</summary>
    public IReadOnlyList<string> Lines() =>
    [
        .. _points.Where(p => !(p.Value.Measurement == AttributionPoints.JobEnergy && AttributionAudit.Long(p.Value, "overlap_ms") == 0))
            .OrderBy(p => p.Key).Select(p => LineProtocol.ToLine(p.Value with { Fields = [.. p.Value.Fields.OrderBy(f => f.Key, StringComparer.Ordinal)] })),
    ];
}
