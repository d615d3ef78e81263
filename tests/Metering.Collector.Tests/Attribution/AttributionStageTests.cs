using System.Text.Json;
using Metering.Collector.Attribution;
using Metering.Collector.Jobs;
using static Metering.Collector.Tests.Attribution.Given;

namespace Metering.Collector.Tests.Attribution;

public sealed class AttributionStageTests
{
    [Fact]
    public void A_configured_idle_w_is_the_baseline()
    {
        var stage = new AttributionStage(Inventory(), new JobTable());
        var u = stage.OnNodeEnergy(Bucket(9_000_000));
        Assert.Equal((800_000L, IdleBaselineSource.Configured), (u.Remainders[0].BaselineMilliwatts!.Value, u.Remainders[0].BaselineSource));
        Assert.Null(stage.LearnerOf("gpu-a01"));
    }

    [Fact]
    public void Without_idle_w_the_baseline_is_learned_from_buckets_without_jobs()
    {
        var jobs = new JobTable();
        var stage = new AttributionStage(Inventory(Node(idleWatts: null)), jobs);

        // 30 idle buckets at 600..890 W (10 W apart, shuffled): the 5th percentile (nearest rank 2 of 30) is 610 W.
        var watts = Enumerable.Range(0, 30).Select(k => 600 + (10 * ((k * 7) % 30))).ToArray();
        for (var k = 0; k < 29; k++)
        {
            var r = stage.OnNodeEnergy(Bucket(watts[k] * W, T0 + (k * W))).Remainders[0];
            Assert.Equal((IdleBaselineSource.NotLearned, 0L), (r.BaselineSource, r.IdleMillijoules));
            Assert.True(r.Flags.HasFlag(AttributionFlags.IdleNotLearned));
        }

        stage.OnNodeEnergy(Bucket(watts[29] * W, T0 + (29 * W)));
        Assert.Equal(IdleBaseline.Learned(610_000), stage.BaselineFor(Node(idleWatts: null)));

        // A partial bucket is not learned from; a bucket with a job uses the baseline.
        stage.OnNodeEnergy(Bucket(1_000, T0 + (30 * W), coverage: 0.5));
        Assert.Equal(30, stage.LearnerOf("gpu-a01")!.Count);
        jobs.Upsert(Job("a", 8, 64, T0 + (31 * W)));
        var withJob = stage.OnNodeEnergy(Bucket(20_000_000, T0 + (31 * W)));
        Assert.Equal((6_100_000L, IdleBaselineSource.Learned), (withJob.Records[0].IdleMillijoules, withJob.Remainders[0].BaselineSource));
    }

    [Fact]
    public void A_re_emitted_bucket_overwrites_the_same_keys()
    {
        var jobs = new JobTable();
        jobs.Upsert(Job("a", 4, 32));
        var stage = new AttributionStage(Inventory(), jobs);

        var first = stage.OnNodeEnergy(Bucket(4_000_000, coverage: 0.5));
        var second = stage.OnNodeEnergy(Bucket(9_000_000, revision: 1));

        Assert.Equal(first.Records.Select(r => r.Key), second.Records.Select(r => r.Key));
        Assert.Empty(second.Retractions);
        Assert.Equal((1, 1.0, 5_000_000L), (second.Records[0].Revision, second.Records[0].Coverage, second.Records[0].ItMillijoules));
        Assert.Equal(5_000_000, stage.Summary(jobs.Find("a")!, T0 + W).ItMillijoules);

        // Applying the same bucket again changes nothing, so nothing is written.
        Assert.True(stage.OnNodeEnergy(Bucket(9_000_000, revision: 1)).IsEmpty);
    }

    [Fact]
    public void A_late_job_end_re_attributes_to_what_an_on_time_end_gives()
    {
        // a and b each hold half the node; a really ended at T0 + 25 s but the stage learns it after six buckets.
        var a = Job("a", 4, 32, T0 - W);
        var b = Job("b", 4, 32, T0 - W) with { Allocations = [new JobAllocation("gpu-a01", [4, 5, 6, 7], 32)] };
        var aEnded = a with { EndMs = T0 + 25_000, State = JobState.Completed };
        var buckets = Enumerable.Range(0, 6).Select(k => Bucket(20_000_000 - (k * 1_000_000), T0 + (k * W))).ToList();

        var late = new JobTable();
        late.Upsert(a);
        late.Upsert(b);
        var stage = new AttributionStage(Inventory(), late);
        var store = new Dictionary<(string, string, long), JobIntervalEnergy>();
        buckets.ForEach(e => Write(store, stage.OnNodeEnergy(e)));
        Assert.Equal(6, store.Keys.Count(k => k.Item1 == "a"));
        Assert.Equal(6, stage.Summary(aEnded, T0 + 60_000).Buckets);   // until re-attribution, the summary folds what the store holds

        // The job store rebuilt the record (new lists, equal values): only the buckets from the end on are re-attributed.
        aEnded = aEnded with { Allocations = [new JobAllocation("gpu-a01", [0, 1, 2, 3], 32)] };
        var correction = stage.OnJobChanged(late.Upsert(aEnded), aEnded);
        Write(store, correction);

        // Buckets 2..5 are re-attributed: a leaves 3..5 (three retractions) and shrinks in 2.
        Assert.Equal(4, stage.Stats.Reattributed);
        Assert.Equal(4, correction.Remainders.Count);
        Assert.Equal([T0 + 30_000, T0 + 40_000, T0 + 50_000], correction.Retractions.Select(r => r.BucketStartMs));
        Assert.All(correction.Retractions, r => Assert.Equal((0L, 0L, "a"), (r.ItMillijoules, r.OverlapMs, r.JobId)));
        Assert.Equal(5_000, correction.Records.Single(r => r.JobId == "a").OverlapMs);

        var onTime = new JobTable();
        onTime.Upsert(aEnded);
        onTime.Upsert(b);
        var reference = new AttributionStage(Inventory(), onTime);
        var expected = buckets.SelectMany(e => reference.OnNodeEnergy(e).Records).ToList();
        Assert.Equal(expected.OrderBy(r => r.Key), store.Values.Where(r => !r.IsRetraction).OrderBy(r => r.Key));
        foreach (var job in new[] { aEnded, b })
        {
            Assert.Equal(reference.Summary(job, T0 + 60_000), stage.Summary(job, T0 + 60_000));
            var folded = JobSummary.Fold(job, store.Values, T0 + 60_000);
            Assert.Equal(folded with { Flags = folded.Flags | AttributionFlags.Provisional }, stage.Summary(job, T0 + 60_000));   // nothing sealed yet
        }
    }

    [Fact]
    public void A_late_job_start_and_a_late_estimate_re_attribute_their_buckets()
    {
        var jobs = new JobTable();
        var stage = new AttributionStage(Inventory(Node(idleWatts: null)), jobs, new Attributor(new AttributionPolicy { Learning = new() { MinSamples = 1 } }));
        stage.OnNodeEnergy(Bucket(9_000_000));
        Assert.Equal(1, stage.LearnerOf("gpu-a01")!.Count);

        var job = Job("a", 8, 64, T0 + 2_000);
        var started = stage.OnJobChanged(jobs.Upsert(job), job);
        Assert.Equal(("a", 8_000L, AttributionMethod.Allocation), (started.Records.Single().JobId, started.Records.Single().OverlapMs, started.Records.Single().Method));
        Assert.Equal(0, stage.LearnerOf("gpu-a01")!.Count);   // the bucket had a job after all

        var estimate = Estimate("a", 500, T0, T0 + W);
        jobs.AddEstimate(estimate);
        Assert.Equal(AttributionMethod.Estimate, stage.OnEstimate(estimate).Records.Single().Method);
        Assert.True(stage.OnEstimate(estimate).IsEmpty);   // nothing new
        Assert.Equal(new AttributionStats(1, 3, 0, 0), stage.Stats);
    }

    [Fact]
    public void Sealed_buckets_keep_their_summary_and_later_arrivals_are_too_late()
    {
        var jobs = new JobTable();
        var job = Job("a", 8, 64, T0);
        jobs.Upsert(job);
        var stage = new AttributionStage(Inventory(), jobs, options: new AttributionStageOptions { RetentionMs = 20_000 });
        for (var k = 0; k < 5; k++)
        {
            stage.OnNodeEnergy(Bucket(10_000_000 + (k * 1_000_000), T0 + (k * W)));
        }

        var before = stage.Summary(job, T0 + 50_000);
        Assert.Equal(3, stage.Evict(T0 + 50_000));   // buckets ending at or before T0 + 30 s
        Assert.Equal(2, stage.Ledger.BucketCount);
        Assert.Equal(before, stage.Summary(job, T0 + 50_000));

        var lateBucket = stage.OnNodeEnergy(Bucket(99_000_000, T0, revision: 1));
        Assert.Equal(1, lateBucket.TooLate);
        Assert.Equal(before, stage.Summary(job, T0 + 50_000));
        Assert.Equal(1, stage.Stats.TooLate);
    }

    [Fact]
    public void An_exported_stage_continues_like_the_original()
    {
        var jobs = new JobTable();
        jobs.Upsert(Job("a", 6, 48, T0 - W));
        jobs.Upsert(Job("b", 2, 16, T0 + 15_000, T0 + 42_000));
        var original = new AttributionStage(Inventory(Node(idleWatts: null)), jobs, new Attributor(new AttributionPolicy { Learning = new() { MinSamples = 1 } }));
        original.OnNodeEnergy(Bucket(7_000_000, T0 - (2 * W)));
        original.OnNodeEnergy(Bucket(30_000_000));

        var json = JsonSerializer.Serialize(original.Export());
        var restored = AttributionStage.Import(JsonSerializer.Deserialize<AttributionSnapshot>(json)!, original.Inventory, jobs, original.Attributor);
        Assert.Equal(json, JsonSerializer.Serialize(restored.Export()));

        for (var k = 1; k < 5; k++)
        {
            Assert.Equal(original.OnNodeEnergy(Bucket(30_000_000 + k, T0 + (k * W))), restored.OnNodeEnergy(Bucket(30_000_000 + k, T0 + (k * W))));
        }

        Assert.Equal(original.Summary(jobs.Find("a")!, T0 + 50_000), restored.Summary(jobs.Find("a")!, T0 + 50_000));
    }

    [Fact]
    public void A_node_missing_from_the_inventory_is_attributed_and_flagged()
    {
        var jobs = new JobTable();
        jobs.Upsert(Job("a", 1, 1, node: "ghost"));
        var stage = new AttributionStage(Inventory(), jobs);

        var u = stage.OnNodeEnergy(Bucket(1_000, node: "ghost"));

        Assert.Equal(1_000, u.Records.Single().ItMillijoules);   // no idle known: all dynamic, all the job's
        Assert.True(u.Records.Single().Flags.HasFlag(AttributionFlags.UnknownNode));
        Assert.Equal(1, stage.Stats.UnknownNode);
    }

    private static void Write(Dictionary<(string, string, long), JobIntervalEnergy> store, AttributionUpdate update)
    {
        foreach (var r in update.Records.Concat(update.Retractions))
        {
            store[r.Key] = r;
        }
    }
}
