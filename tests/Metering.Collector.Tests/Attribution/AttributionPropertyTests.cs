using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Collector.Attribution;
using Metering.Collector.Jobs;
using Metering.Collector.Nodes;

namespace Metering.Collector.Tests.Attribution;

public sealed class AttributionPropertyTests
{
    [Property(MaxTest = 500)]
    public Property Every_bucket_conserves_exactly_and_nothing_is_negative() =>
        EveryBucket((s, bucket, attributor) =>
            {
                var a = attributor.Attribute(bucket, s.Node, s.Jobs, s.Estimates, s.Baseline);
                var r = a.Remainder;
                Assert.Equal(r.MeasuredMillijoules, a.Jobs.Sum(j => j.ItMillijoules) + r.IdleOverheadMillijoules + r.UnallocatedMillijoules);
                Assert.Equal(r.MeasuredMillijoules, r.IdleMillijoules + r.DynamicMillijoules);
                var dynamicUnallocated = r.DynamicMillijoules - a.Jobs.Sum(j => j.DynamicMillijoules);   // all of it with no job; what caps held back with jobs
                Assert.Equal(r.IdleMillijoules, a.Jobs.Sum(j => j.IdleMillijoules) + r.IdleOverheadMillijoules + r.UnallocatedMillijoules - dynamicUnallocated);
                Assert.Equal(0, r.ConservationRemainderMillijoules);
                Assert.True(r.IdleMillijoules >= 0 && r.DynamicMillijoules >= 0 && r.IdleOverheadMillijoules >= 0 && r.UnallocatedMillijoules >= 0);
                Assert.All(a.Jobs, j =>
                {
                    Assert.True(j.IdleMillijoules >= 0 && j.DynamicMillijoules >= 0 && j.FacilityMillijoules >= 0);
                    Assert.Equal(j.ItMillijoules, j.IdleMillijoules + j.DynamicMillijoules);
                    Assert.InRange(j.OverlapMs, 1, bucket.WidthMs);
                    Assert.InRange(j.EstimatedMs, 0, j.OverlapMs);
                });
                if (s.Policy.IdlePolicy == IdlePolicy.Overhead)
                {
                    Assert.All(a.Jobs, j => Assert.Equal(0, j.IdleMillijoules));
                }
            });

    [Property(MaxTest = 300)]
    public Property Job_summaries_sum_to_the_bucket_records() =>
        Prop.ForAll(RandomSchedule.Arbitrary, s =>
        {
            var attributor = new Attributor(s.Policy);
            var attributions = s.Buckets.Select(b => attributor.Attribute(b, s.Node, s.Jobs, s.Estimates, s.Baseline)).ToList();
            var records = attributions.SelectMany(a => a.Jobs).ToList();
            var asOf = Given.T0 + 100_000;
            var summaries = s.Jobs.Select(j => JobSummary.Fold(j, records, asOf)).ToList();

            foreach (var (job, summary) in s.Jobs.Zip(summaries))
            {
                var mine = records.Where(r => r.JobId == job.Id).ToList();
                Assert.Equal(mine.Sum(r => r.ItMillijoules), summary.ItMillijoules);
                Assert.Equal(mine.Sum(r => r.IdleMillijoules), summary.IdleMillijoules);
                Assert.Equal(mine.Count, summary.Buckets);
                Assert.InRange(summary.MeterCoverage, 0, 1);
                Assert.True(summary.PeakWatts >= 0 && summary.MeanWatts >= 0);
            }

            var measured = attributions.Sum(a => a.Remainder.MeasuredMillijoules);
            var rest = attributions.Sum(a => a.Remainder.IdleOverheadMillijoules + a.Remainder.UnallocatedMillijoules);
            return summaries.Sum(x => x.ItMillijoules) + rest == measured;
        });

    /// <summary>
    /// Rule 8: where the meters sampled the node's peak, no job is charged more than that power over its own time in
    /// the bucket (idle + dynamic, within 2 mJ of rounding), so its mean over its run never exceeds the node's sampled
    /// power; and the caps only ever move energy to unallocated, never to another job.
    /// </summary>
    [Property(MaxTest = 500)]
    public Property No_job_is_charged_more_than_the_node_s_sampled_peak_over_its_time() =>
        EveryBucket((s, bucket, attributor) =>
            {
                var a = attributor.Attribute(bucket, s.Node, s.Jobs, s.Estimates, s.Baseline);
                var uncapped = attributor.Attribute(bucket with { PeakMilliwatts = null }, s.Node, s.Jobs, s.Estimates, s.Baseline);
                foreach (var (job, free) in a.Jobs.Zip(uncapped.Jobs))
                {
                    Assert.True(job.ItMillijoules <= free.ItMillijoules, $"{job.JobId}: a cap gave it more ({job.ItMillijoules} > {free.ItMillijoules} mJ)");
                    if (bucket.PeakMilliwatts is { } peak)
                    {
                        var most = (double)peak * job.OverlapMs / 1000;
                        Assert.True(job.ItMillijoules <= most + 2, $"{job.JobId}: {job.ItMillijoules} mJ in {job.OverlapMs} ms, above the peak {peak} mW x its time ({most:F0} mJ)");
                    }
                }

                Assert.Equal(a.Remainder.MeasuredMillijoules, a.Jobs.Sum(j => j.ItMillijoules) + a.Remainder.IdleOverheadMillijoules + a.Remainder.UnallocatedMillijoules);
                Assert.Equal(a.Jobs.Sum(j => j.IdleMillijoules), uncapped.Jobs.Sum(j => j.IdleMillijoules));   // the caps cut dynamic energy only
            });

    /// <summary>
    /// Through the stage: attribute with every job running (ends unknown), then learn the ends one by one; the records
    /// a store holds after writing every update (retractions included) equal an on-time run's, and so do the summaries.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Late_job_ends_converge_to_the_on_time_attribution() =>
        Prop.ForAll(RandomSchedule.Arbitrary, s =>
        {
            var attributor = new Attributor(s.Policy);
            var inventory = Given.Inventory(s.Node);
            var lateTable = new JobTable();
            foreach (var j in s.Jobs)
            {
                lateTable.Upsert(j with { EndMs = null });
            }

            s.Estimates.ToList().ForEach(lateTable.AddEstimate);
            var late = new AttributionStage(inventory, lateTable, attributor);
            var store = new Dictionary<(string, string, long), JobIntervalEnergy>();
            void Write(AttributionUpdate u) => u.Records.Concat(u.Retractions).ToList().ForEach(r => store[r.Key] = r);
            s.Buckets.ToList().ForEach(b => Write(late.OnNodeEnergy(b)));
            foreach (var j in s.Jobs)
            {
                Write(late.OnJobChanged(lateTable.Upsert(j), j));
            }

            var onTimeTable = new JobTable();
            s.Jobs.ToList().ForEach(j => onTimeTable.Upsert(j));
            s.Estimates.ToList().ForEach(onTimeTable.AddEstimate);
            var onTime = new AttributionStage(inventory, onTimeTable, attributor);
            var expected = s.Buckets.SelectMany(b => onTime.OnNodeEnergy(b).Records).OrderBy(r => r.Key).ToList();

            Assert.Equal(expected, store.Values.Where(r => !r.IsRetraction).OrderBy(r => r.Key));
            var asOf = Given.T0 + 100_000;
            return s.Jobs.All(j => late.Summary(j, asOf) == onTime.Summary(j, asOf) && JobSummary.Fold(j, store.Values, asOf).ItMillijoules == onTime.Summary(j, asOf).ItMillijoules);
        });

    /// <summary>Runs <paramref name="check"/> on every bucket of random schedules, with the schedule's attributor.</summary>
    private static Property EveryBucket(Action<RandomSchedule, NodeEnergy, Attributor> check) =>
        Prop.ForAll(RandomSchedule.Arbitrary, s =>
        {
            var attributor = new Attributor(s.Policy);
            foreach (var bucket in s.Buckets)
            {
                check(s, bucket, attributor);
            }

            return true;
        });
}
