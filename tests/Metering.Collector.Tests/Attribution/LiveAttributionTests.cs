using Metering.Collector.Attribution;
using Metering.Collector.Carbon;
using Metering.Collector.Host;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Nodes;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using Metering.Collector.Tests.Storage;
using static Metering.Collector.Tests.Attribution.Given;

namespace Metering.Collector.Tests.Attribution;

/// <summary>
/// Attribution as the collector runs it: job events from the job store applied on the pipeline's thread, every update
/// written as points, summaries and rollups recomputed, state saved with the checkpoint and restored.
/// </summary>
public sealed class LiveAttributionTests
{
    private static readonly Job Train = Job("train", 6, 48, T0 - W) with { Project = "vision", User = "ann", Model = "vit-h" };
    private static readonly Job Infer = Job("infer", 2, 16, T0 - W) with { Allocations = [new JobAllocation("gpu-a01", [6, 7], 16)], Project = "vision", User = "bob" };

    [Fact]
    public void Buckets_become_records_remainders_summaries_and_rollups_that_add_up()
    {
        var (jobs, live, store) = Running();
        jobs.Start(Train);
        jobs.Start(Infer);
        jobs.AddEstimate(Estimate("infer", 240, T0, T0 + (6 * W)));

        for (var k = 0; k < 6; k++)
        {
            Feed(live, store, Bucket(47_000_000 + (k * 1_000), T0 + (k * W)), T0 + ((k + 1) * W));
        }

        var stored = store.Stored();
        Assert.Equal(6, AttributionAudit.AssertConsistent(stored));
        Assert.Equal(12, stored.JobEnergy.Count);
        Assert.Equal(["infer", "train"], stored.Summaries.Select(p => p.Tag("job")).Order());
        Assert.Equal("estimate", stored.JobEnergy.First(p => p.Tag("job") == "infer").Field("method"));
        var vision = stored.Rollups.Single(p => p.Tag("dimension") == "project");
        Assert.Equal(("vision", 2L, AttributionPoints.DayStartMs(T0 - W)), (vision.Tag("key"), AttributionAudit.Long(vision, "jobs"), vision.TimestampMs));
        Assert.Contains(stored.Rollups, p => p.Tag("dimension") == "model" && p.Tag("key") == SummaryIndex.NoValue);
    }

    [Fact]
    public void A_late_job_end_writes_retractions_and_the_summary_and_rollups_follow()
    {
        var (jobs, live, store) = Running();
        jobs.Start(Train);
        jobs.Start(Infer);
        for (var k = 0; k < 6; k++)
        {
            Feed(live, store, Bucket(47_000_000, T0 + (k * W)), T0 + ((k + 1) * W));
        }

        var before = AttributionAudit.Long(store.Of(AttributionPoints.JobSummaryMeasurement).Single(p => p.Tag("job") == "train"), "it_mj");
        jobs.End(new JobEnd("train", T0 + 25_000, JobState.Completed, false));
        var points = Feed(live, store, null, T0 + (7 * W));

        var retractions = points.Where(p => p.Measurement == AttributionPoints.JobEnergy && AttributionAudit.Long(p, "overlap_ms") == 0).ToList();
        Assert.Equal([T0 + 30_000, T0 + 40_000, T0 + 50_000], retractions.Select(p => p.TimestampMs));
        Assert.All(retractions, p => Assert.Equal(("train", 0L), (p.Tag("job"), AttributionAudit.Long(p, "it_mj"))));
        var summary = store.Of(AttributionPoints.JobSummaryMeasurement).Single(p => p.Tag("job") == "train");
        Assert.True(AttributionAudit.Long(summary, "it_mj") < before);
        Assert.Equal(("completed", T0 + 25_000), (summary.Field("state"), AttributionAudit.Long(summary, "end_ms")));
        AttributionAudit.AssertConsistent(store.Stored());
    }

    [Fact]
    public void Restored_from_its_checkpoint_it_writes_what_an_uninterrupted_run_writes()
    {
        var (jobs, live, expected) = Running(Node(idleWatts: null));
        jobs.Start(Train);
        jobs.Start(Infer);
        for (var k = 0; k < 6; k++)
        {
            Feed(live, expected, Bucket(40_000_000 + (k * 7), T0 + (k * W)), T0 + ((k + 1) * W));
        }

        jobs.End(new JobEnd("train", T0 + 25_000, JobState.Completed, false));
        jobs.End(new JobEnd("infer", T0 + (6 * W), JobState.Completed, false));
        Feed(live, expected, null, T0 + (7 * W));

        using var folder = new TempFolder();
        var (before, first, actual) = Running(Node(idleWatts: null));
        (jobs, live) = (before, first);
        using (var state = new StateStore(folder.File("collector.db")))
        {
            jobs.Start(Train);
            jobs.Start(Infer);
            for (var k = 0; k < 3; k++)
            {
                Feed(live, actual, Bucket(40_000_000 + (k * 7), T0 + (k * W)), T0 + ((k + 1) * W));
            }

            Checkpoint(live, state);

            // The job's end reaches the (persistent) job store, then the collector dies before applying it.
            jobs.End(new JobEnd("train", T0 + 25_000, JobState.Completed, false));
        }

        using (var state = new StateStore(folder.File("collector.db")))
        {
            var restarted = new JobStore();
            restarted.Start(jobs.Find("train")!);
            restarted.Start(Infer);
            var restored = LiveAttribution.Load(state, restarted, Inventory(Node(idleWatts: null)), new Attributor(), new AttributionStageOptions(), new LiveAttributionOptions());
            for (var k = 3; k < 6; k++)
            {
                Feed(restored, actual, Bucket(40_000_000 + (k * 7), T0 + (k * W)), T0 + ((k + 1) * W));
            }

            restarted.End(new JobEnd("infer", T0 + (6 * W), JobState.Completed, false));
            Feed(restored, actual, null, T0 + (7 * W));
        }

        // The restored run never wrote the records the end retracts; apart from those retractions the stores are equal.
        Assert.Equal(string.Join('\n', expected.Lines()), string.Join('\n', actual.Lines()));
    }

    [Fact]
    public void Sealed_buckets_leave_the_saved_state_and_pruned_jobs_keep_their_rollups_exact()
    {
        var jobs = new JobStore();
        var stage = new AttributionStage(Inventory(), jobs, options: new AttributionStageOptions { RetentionMs = 2 * W });
        var live = LiveAttribution.Create(jobs, stage, new LiveAttributionOptions { SummaryGraceMs = 3 * W });
        var store = new PointMap();
        jobs.Start(Train with { EndMs = T0 + 20_000, State = JobState.Completed });
        jobs.Start(Infer);
        for (var k = 0; k < 2; k++)
        {
            Feed(live, store, Bucket(30_000_000, T0 + (k * W)), T0 + ((k + 1) * W));
        }

        var docs = new List<(string Kind, string Key, object Value)>();
        var deletions = new List<(string Kind, string Key)>();
        live.Collect(docs, deletions);
        var rollup = store.Of(AttributionPoints.EnergyRollup).Single(p => p.Tag("dimension") == "project");

        // Far later: every bucket is sealed, train is past its grace and pruned; infer still runs.
        for (var k = 2; k < 12; k++)
        {
            Feed(live, store, Bucket(30_000_000, T0 + (k * W)), T0 + ((k + 1) * W));
        }

        docs.Clear();
        live.Collect(docs, deletions);
        Assert.Contains((LiveAttribution.BucketKind, $"gpu-a01/{T0}"), deletions);
        Assert.Contains((LiveAttribution.SummaryKind, "train"), deletions);
        Assert.Contains((LiveAttribution.SealedKind, "train"), deletions);
        Assert.Contains(docs, d => d.Kind == LiveAttribution.SealedKind && d.Key == "infer");
        Assert.Null(live.Summaries.Find("train"));
        Assert.Null(jobs.Find("train"));   // a store without persistence forgets what it pruned
        Assert.True(live.Summaries.IsPruned(Train with { EndMs = T0 + 20_000, State = JobState.Completed }));

        // The project's rollup still counts the pruned job, and infer's growth on top of it.
        var after = store.Of(AttributionPoints.EnergyRollup).Single(p => p.Tag("dimension") == "project");
        Assert.Equal(2, AttributionAudit.Long(after, "jobs"));
        Assert.True(AttributionAudit.Long(after, "it_mj") > AttributionAudit.Long(rollup, "it_mj"));
        AttributionAudit.AssertConsistent(store.Stored());

        // A job reported only now that ended before the prune mark is not summarized (its buckets are sealed), but counted.
        jobs.Start(Job("forgotten", 1, 8, T0 - (5 * W), T0 - (4 * W)));
        Assert.DoesNotContain(Feed(live, store, null, T0 + (13 * W)), p => p.Measurement == AttributionPoints.JobSummaryMeasurement);
        Assert.Equal(1, live.SkippedPruned);

        // A held job's end long before the prune mark (a long job's late end) is summarized once more, then pruned.
        jobs.End(new JobEnd("infer", T0 + W, JobState.Completed, false));
        var ended = Feed(live, store, null, T0 + (14 * W));
        Assert.Equal("completed", Assert.Single(ended, p => p.Measurement == AttributionPoints.JobSummaryMeasurement).Field("state"));
        Assert.Null(live.Summaries.Find("infer"));
        AttributionAudit.AssertConsistent(store.Stored());
    }

    [Fact]
    public void A_new_facility_model_applies_from_the_next_batch_and_fills_the_stand_ins_of_retained_buckets()
    {
        var (jobs, live, store) = Running();
        var replaced = 0;
        live.StandInsReplaced += n => replaced += n;
        jobs.Start(Train);
        Feed(live, store, Bucket(30_000_000, T0), T0 + W);
        live.UseFacility(new FacilityCarbonModel(new PueTable(fallback: 1.5), new CarbonIntensityTable(fallback: new ConstantIntensity(400))));

        var points = Feed(live, store, Bucket(30_000_000, T0 + W), T0 + (2 * W));

        // The new bucket, and the earlier one: it was attributed with no PUE or carbon (stand-ins, flagged), which the
        // configuration now fills (a configured factor would have been kept: FactorsKeepTheirTimeTests).
        var records = points.Where(p => p.Measurement == AttributionPoints.JobEnergy).ToList();
        Assert.Equal(2, records.Count);
        foreach (var record in records)
        {
            Assert.Equal((long)Math.Round(AttributionAudit.Long(record, "it_mj") * 1.5, MidpointRounding.AwayFromZero), AttributionAudit.Long(record, "facility_mj"));
            Assert.Equal(AttributionAudit.Long(record, "facility_mj") / 3.6e9 * 400, AttributionAudit.Double(record, "co2e_g"), 9);
            Assert.Equal("", record.Field("flags"));
        }

        Assert.Equal(1.5, AttributionAudit.Double(store.Of(AttributionPoints.NodeAttribution)[0], "pue"));
        Assert.Equal(1, replaced);
    }

    [Fact]
    public void A_summary_is_provisional_until_its_last_bucket_is_sealed_and_is_then_written_final()
    {
        var jobs = new JobStore();
        var live = LiveAttribution.Create(jobs, new AttributionStage(Inventory(), jobs, options: new AttributionStageOptions { RetentionMs = 2 * W }));
        var store = new PointMap();
        jobs.Start(Train with { EndMs = T0 + 15_000, State = JobState.Completed });
        string? Flags() => store.Of(AttributionPoints.JobSummaryMeasurement).Single(p => p.Tag("job") == "train").Field("flags") as string;

        Feed(live, store, Bucket(30_000_000), T0 + W);
        Assert.Equal("pue_default|carbon_missing|provisional", Flags());
        Feed(live, store, Bucket(30_000_000, T0 + W), T0 + (2 * W));
        Assert.Equal("pue_default|carbon_missing|provisional", Flags());   // the first bucket sealed, the second still retained

        var last = Feed(live, store, null, T0 + (4 * W));   // both buckets past the 2-bucket retention
        Assert.Contains(last, p => p.Measurement == AttributionPoints.JobSummaryMeasurement && p.Tag("job") == "train");
        Assert.Equal("pue_default|carbon_missing", Flags());
        Assert.DoesNotContain(Feed(live, store, null, T0 + (5 * W)), p => p.Measurement == AttributionPoints.JobSummaryMeasurement);   // final: not written again
    }

    private static (JobStore Jobs, LiveAttribution Live, PointMap Store) Running(Node? node = null)
    {
        var jobs = new JobStore();
        var live = LiveAttribution.Create(jobs, new AttributionStage(Inventory(node ?? Node()), jobs));
        return (jobs, live, new PointMap());
    }

    /// <summary>One pipeline batch: the node bucket (if any) and its node_energy point, then attribution.</summary>
    private static List<Point> Feed(LiveAttribution live, PointMap store, NodeEnergy? bucket, long nowMs)
    {
        var points = bucket is null ? [] : NodePoints.Node(bucket).ToList();
        live.Process(bucket is null ? [] : [bucket], live.Stage.Inventory, nowMs, points);
        store.Write(points);
        return points;
    }

    private static void Checkpoint(LiveAttribution live, StateStore state)
    {
        var docs = new List<(string Kind, string Key, object Value)>();
        var deletions = new List<(string Kind, string Key)>();
        live.Collect(docs, deletions);
        state.Save(docs, deletions);
    }
}
