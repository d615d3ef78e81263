using Metering.Collector.Attribution;
using Metering.Collector.Carbon;
using static Metering.Collector.Tests.Attribution.Given;

namespace Metering.Collector.Tests.Attribution;

public sealed class JobSummaryTests
{
    private static readonly FacilityCarbonModel Facility = new(
        new PueTable(new Dictionary<string, double> { ["room-a"] = 1.5 }),
        new CarbonIntensityTable(bySite: new Dictionary<string, ICarbonIntensity> { ["paris-dc1"] = new ConstantIntensity(400) }));

    /// <summary>
    /// Job "a" holds both nodes whole for 25 s from T0. gpu-a01: 36e6, 36e6, 20e6 mJ; gpu-a02: 36e6, no data, 10e6 at
    /// coverage 0.5. The last buckets hold the job for 5 s: gpu-a01 gives it half the idle (4e6) and the 12e6 dynamic,
    /// gpu-a02 half of its 4e6 idle budget and the 6e6 dynamic. PUE 1.5, 400 g/kWh.
    /// </summary>
    [Fact]
    public void A_summary_folds_energy_carbon_power_coverage_and_method()
    {
        var job = Job("a", 8, 64, T0, T0 + 25_000) with
        {
            Allocations = [new("gpu-a01", [0, 1, 2, 3, 4, 5, 6, 7], 64), new("gpu-a02", [0, 1, 2, 3, 4, 5, 6, 7], 64)],
            Project = "llm",
        };
        var attributor = new Attributor(facility: Facility);
        var buckets = new[]
        {
            Bucket(36_000_000), Bucket(36_000_000, T0 + W), Bucket(20_000_000, T0 + (2 * W)),
            Bucket(36_000_000, node: "gpu-a02"), Bucket(10_000_000, T0 + (2 * W), 0.5, node: "gpu-a02"),
        };
        var records = buckets.SelectMany(b => attributor.Attribute(b, Node(id: b.NodeId), [job], [], Idle800).Jobs).ToList();

        var s = JobSummary.Fold(job, records, asOfMs: T0 + 99_000);

        Assert.Equal((132_000_000L, 30_000_000L, 102_000_000L), (s.ItMillijoules, s.IdleMillijoules, s.DynamicMillijoules));
        Assert.Equal(198_000_000, s.FacilityMillijoules);
        Assert.Equal(132e6 / 3.6e9, s.ItKwh, 12);
        Assert.Equal(0.055, s.FacilityKwh, 12);
        Assert.Equal(0.022, s.KgCo2e, 12);                   // 0.055 kWh x 400 g/kWh = 22 g
        Assert.Equal(25_000, s.DurationMs);
        Assert.Equal(5_280, s.MeanWatts, 9);                 // 132e6 mJ over 25 000 ms attributed
        Assert.Equal(7_200, s.PeakWatts, 9);                 // the first bucket, both nodes full
        Assert.Equal(0.75, s.MeterCoverage, 12);             // (25 000 + 10 000 + 5 000 x 0.5) / (25 000 x 2 nodes)
        Assert.Equal(30.0 / 132, s.IdleShare, 12);
        Assert.Equal((AttributionMethod.Allocation, 5L, AttributionFlags.PartialCoverage, "llm"), (s.Method!.Value, s.Buckets, s.Flags, s.Project!));
    }

    [Fact]
    public void Methods_mix_retractions_and_other_jobs_are_skipped_and_a_running_job_ends_at_as_of()
    {
        var job = Job("a", 8, 64, T0);
        var attributor = new Attributor();
        var byEstimate = attributor.Attribute(Bucket(20_000_000), Node(), [job], [Estimate("a", 1000, T0, T0 + W)], Idle800).Jobs[0];
        var byAllocation = attributor.Attribute(Bucket(20_000_000, T0 + W), Node(), [job], [], Idle800).Jobs[0];
        var other = byAllocation with { JobId = "b", BucketStartMs = T0 + (2 * W) };

        var s = JobSummary.Fold(job, [byEstimate, byAllocation, byAllocation.Retraction(1) with { BucketStartMs = T0 + (3 * W) }, other], T0 + 40_000);

        Assert.Equal((AttributionMethod.Mixed, 2L, 40_000L, 40_000_000L), (s.Method!.Value, s.Buckets, s.DurationMs, s.ItMillijoules));
        Assert.Equal(0.5, s.MeterCoverage, 12);   // 20 s covered of 40 s run so far
        Assert.Equal(AttributionMethod.Estimate, JobSummary.Fold(job, [byEstimate], T0 + W).Method);

        var empty = JobSummary.Fold(job, [], T0 + W);
        Assert.Equal((null, 0L, 0.0, 0.0), (empty.Method, empty.ItMillijoules, empty.MeanWatts, empty.IdleShare));
    }

    [Fact]
    public void A_job_that_filled_no_bucket_reports_its_mean_as_peak()
    {
        var job = Job("short", 8, 64, T0 + 2_000, T0 + 6_000);
        var r = new Attributor().Attribute(Bucket(12_000_000), Node(), [job], [], Idle800).Jobs[0];   // idle 3.2e6 + dynamic 4e6 over 4 s

        var s = JobSummary.Fold(job, [r], T0 + W);

        Assert.Equal(7_200_000, s.ItMillijoules);
        Assert.Equal((1_800.0, 1_800.0), (s.MeanWatts, s.PeakWatts));
    }
}
