using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Storage;
using Metering.Collector.Tests.Storage;

namespace Metering.Collector.Tests.Jobs;

/// <summary>
/// The job store's per-node index answers what a scan of every job and estimate answers, and a store pruned after
/// the attribution retention holds only what attribution can still ask for while jobs.db keeps everything.
/// </summary>
public sealed class JobStorePruneTests : IDisposable
{
    private const long T0 = 1_740_000_000_000;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Property(MaxTest = 200)]
    public Property Lookups_equal_a_scan_of_everything_before_and_after_a_prune() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var rng = new Random(seed);
            var store = new JobStore();
            var jobs = new Dictionary<string, Job>();
            var estimates = new List<PowerEstimate>();
            for (var i = 0; i < rng.Next(1, 40); i++)
            {
                var start = T0 + (rng.Next(0, 600) * 1000L);
                var end = rng.Next(4) == 0 ? (long?)null : start + (rng.Next(1, 300) * 1000L);
                var nodes = Enumerable.Range(0, rng.Next(1, 3)).Select(_ => $"n{rng.Next(3)}").Distinct().ToList();
                var job = new Job { Id = $"j{i}", Source = JobSource.Api, StartMs = start, Allocations = [.. nodes.Select(n => new JobAllocation(n, [0], 1))] };
                store.Start(job);
                if (end is { } e)
                {
                    job = store.End(new JobEnd(job.Id, e, JobState.Completed, false))!;
                }

                jobs[job.Id] = job;
                foreach (var n in nodes.Where(_ => rng.Next(2) == 0))
                {
                    var from = start + (rng.Next(0, 100) * 1000L);
                    var estimate = new PowerEstimate(job.Id, n, from, from + (rng.Next(1, 60) * 1000L), rng.Next(0, 700));
                    store.AddEstimate(estimate);
                    estimates.Add(estimate);
                }
            }

            void Check(long jobsPrunedThrough, long estimatesPrunedThrough)
            {
                for (var q = 0; q < 30; q++)
                {
                    var (node, from) = ($"n{rng.Next(4)}", T0 + (rng.Next(-60, 1000) * 1000L));
                    var to = from + (rng.Next(1, 120) * 1000L);
                    var expectedJobs = jobs.Values.Where(j => (j.EndMs ?? long.MaxValue) > jobsPrunedThrough
                        && j.Allocations.Any(a => a.NodeId == node) && j.StartMs < to && (j.EndMs ?? long.MaxValue) > from);
                    var expectedEstimates = estimates.Where(e => e.ToMs > estimatesPrunedThrough && e.NodeId == node && e.FromMs < to && e.ToMs > from);
                    Assert.Equal(expectedJobs.Select(j => j.Id).Order(), store.JobsOn(node, from, to).Select(j => j.Id).Order());
                    Assert.Equal(expectedEstimates.OrderBy(e => (e.JobId, e.FromMs)), store.EstimatesOn(node, from, to).OrderBy(e => (e.JobId, e.FromMs)));
                }
            }

            Check(long.MinValue, long.MinValue);
            var mark = T0 + (rng.Next(0, 900) * 1000L);
            store.Prune(mark, mark + 30_000);
            Check(mark, mark + 30_000);
            return true;
        });

    [Fact]
    public async Task A_pruned_job_leaves_memory_but_jobs_db_answers_for_it_and_takes_its_late_refinement()
    {
        using var db = new SqliteJobPersistence(_folder.File("jobs.db"));
        var store = new JobStore(db);
        var old = Job("old", T0, null);
        var running = Job("running", T0, null);
        store.Start(old);
        store.End(new JobEnd("old", T0 + 60_000, JobState.Completed, false, By: "node n0"));
        store.Start(running);
        store.AddEstimates([new PowerEstimate("old", "n0", T0, T0 + 60_000, 300), new PowerEstimate("running", "n0", T0 + 3_600_000, T0 + 3_601_000, 310)]);

        var (jobs, estimates) = store.Prune(T0 + 60_000, T0 + 60_000);

        Assert.Equal((1, 1L), (jobs, estimates));
        Assert.Equal((1, 1L), (store.Count, store.EstimateCount));
        Assert.Equal(["running"], store.JobsOn("n0", T0, T0 + 120_000).Select(j => j.Id));
        Assert.Equal(["old", "running"], store.All().Select(j => j.Id));   // listing reads jobs.db
        Assert.Equal(JobState.Completed, store.Find("old")!.State);
        Assert.Equal(["old"], (await store.FindAsync(["old"], CancellationToken.None)).Select(j => j.Id));   // the reconciler sees it stored

        // sacct's record arrives after the prune: it refines the stored job, which is held again until the next prune.
        var refined = store.End(new JobEnd("old", T0 + 59_000, JobState.Cancelled, false, By: JobEndSources.Sacct, ExitSignal: 15));
        Assert.Equal((JobState.Cancelled, T0 + 59_000), (refined!.State, refined.EndMs));
        Assert.Equal(JobState.Cancelled, db.FindJob("old")!.State);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void A_restarted_store_holds_only_what_ended_after_its_mark_and_loads_estimates_from_there()
    {
        var path = _folder.File("jobs.db");
        using (var db = new SqliteJobPersistence(path))
        {
            var store = new JobStore(db);
            store.Start(Job("old", T0, null));
            store.End(new JobEnd("old", T0 + 60_000, JobState.Completed, false));
            store.Start(Job("new", T0 + 7_200_000, null));
            store.AddEstimates([new PowerEstimate("old", "n0", T0, T0 + 60_000, 300), new PowerEstimate("new", "n0", T0 + 7_200_000, T0 + 7_201_000, 310)]);
        }

        using (var db = new SqliteJobPersistence(path))
        {
            var store = new JobStore(db, heldAfterMs: T0 + 3_600_000);

            Assert.Equal((1, 1L), (store.Count, store.EstimateCount));
            Assert.Equal(["new"], store.JobsOn("n0", long.MinValue, long.MaxValue).Select(j => j.Id));
            Assert.Equal(2, db.JobCount());
            Assert.Equal(2, db.LoadEstimates().Count());
            Assert.NotNull(store.Find("old"));
        }
    }

    private static Job Job(string id, long start, long? end) =>
        new() { Id = id, Source = JobSource.Api, StartMs = start, EndMs = end, Allocations = [new JobAllocation("n0", [0], 1)] };
}
