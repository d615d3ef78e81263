using System.Diagnostics;
using Metering.Collector.Attribution;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Nodes;
using Metering.Collector.Storage;

namespace Metering.Collector.Bench;

/// <summary>
/// The production job store (<see cref="JobStore"/> over jobs.db) after a simulated month, against the same store on
/// day one: a history of back-to-back jobs on every node with one power estimate per job per second is written to
/// jobs.db; a collector's store is opened on it as a restart would (<see cref="JobStore"/>'s hold mark at twice the
/// retention), then the last hour runs live through the store's own calls (starts, ends, a batch of estimates every
/// bucket, pruning as the collector prunes) and the attribution stage, and is timed. The same hour on an empty
/// jobs.db is the baseline. Figures: throughput of the stage and the store's managed memory, month over day one.
/// </summary>
public static class StoreMonth
{
    private const long T0 = 1_767_225_600_000;   // 2026-01-01T00:00Z
    private const long WidthMs = 10_000;
    private const long HourMs = 3_600_000;

    /// <summary>Builds the month in <paramref name="directory"/> and measures; <paramref name="progress"/> hears each step.</summary>
    public static StoreMonthResult Run(int nodes, double days, int seed, int revisions, string directory, Action<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1.0 / 24);
        var liveStart = T0 + (long)(days * 24 * HourMs);
        var history = WriteHistory(Path.Combine(directory, "month.db"), nodes, liveStart, seed, progress);
        progress?.Invoke("the last hour on the month's store, then on an empty one");
        Measure(Path.Combine(directory, "warm-up.db"), nodes, liveStart, seed, revisions);   // so neither phase pays the JIT or tiering
        var dayOne = Measure(Path.Combine(directory, "day-one.db"), nodes, liveStart, seed, revisions);
        var month = Measure(Path.Combine(directory, "month.db"), nodes, liveStart, seed, revisions);
        return new(nodes, days, history.Jobs, history.Estimates, history.Seconds, new FileInfo(Path.Combine(directory, "month.db")).Length, month, dayOne);
    }

    private static (long Jobs, long Estimates, double Seconds) WriteHistory(string path, int nodes, long until, int seed, Action<string>? progress)
    {
        var clock = Stopwatch.StartNew();
        long jobCount = 0, estimateCount = 0;
        using var db = new SqliteJobPersistence(path);
        var (jobs, estimates) = (new List<Job>(), new List<PowerEstimate>());
        for (var n = 0; n < nodes; n++)
        {
            foreach (var (job, watts) in Schedule(n, T0, until, seed))
            {
                jobs.Add(job with { EndMs = job.StartMs + watts.Length * 1000L, State = JobState.Completed });
                for (var s = 0; s < watts.Length; s++)
                {
                    estimates.Add(new PowerEstimate(job.Id, NodeId(n), job.StartMs + (s * 1000L), job.StartMs + ((s + 1) * 1000L), watts[s]));
                }

                if (estimates.Count >= 200_000)
                {
                    (jobCount, estimateCount) = (jobCount + jobs.Count, estimateCount + estimates.Count);
                    db.SaveJobs(jobs);
                    db.SaveEstimates(estimates);
                    jobs.Clear();
                    estimates.Clear();
                    progress?.Invoke($"history: {jobCount:N0} jobs, {estimateCount:N0} estimates");
                }
            }
        }

        db.SaveJobs(jobs);
        db.SaveEstimates(estimates);
        return (jobCount + jobs.Count, estimateCount + estimates.Count, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Opens the store as a restart does, runs the last hour live, then times <paramref name="revisions"/> re-emissions of it.</summary>
    private static StorePhase Measure(string path, int nodes, long liveStart, int seed, int revisions)
    {
        var before = ManagedBytes();
        var clock = Stopwatch.StartNew();
        using var db = new SqliteJobPersistence(path);
        var store = new JobStore(db, heldAfterMs: liveStart - (2 * HourMs));
        var load = clock.Elapsed.TotalSeconds;
        var inventory = Inventory.Create([new Site("bench")], [.. Enumerable.Range(0, nodes).Select(n => new Node(NodeId(n), "bench", 8, 64, "room-a", [new Feed("psu1", FeedRole.Wall)], 800))], []);
        var stage = new AttributionStage(inventory, store, new Attributor(), new AttributionStageOptions { RetentionMs = HourMs });
        var buckets = Live(store, stage, nodes, liveStart, seed);
        var held = (store.Count, store.EstimateCount);
        var memory = ManagedBytes() - before;

        long checksum = 0;
        clock.Restart();
        for (var r = 1; r <= revisions; r++)
        {
            foreach (var b in buckets)
            {
                checksum += stage.OnNodeEnergy(b with { Revision = r }).Records.Sum(x => x.ItMillijoules);
            }
        }

        return new((long)buckets.Count * revisions, clock.Elapsed.TotalSeconds, load, held.Count, held.EstimateCount, memory, checksum);
    }

    /// <summary>The hour after <paramref name="liveStart"/>, bucket by bucket, as the collector sees it; returns the node buckets.</summary>
    private static List<NodeEnergy> Live(JobStore store, AttributionStage stage, int nodes, long liveStart, int seed)
    {
        var plans = Enumerable.Range(0, nodes).Select(n => Schedule(n, liveStart, liveStart + HourMs, seed + 1).ToList()).ToArray();
        var buckets = new List<NodeEnergy>();
        for (var b0 = liveStart; b0 < liveStart + HourMs; b0 += WidthMs)
        {
            for (var n = 0; n < nodes; n++)
            {
                long mj = 0;
                var batch = new List<PowerEstimate>();
                foreach (var (job, watts) in plans[n].Where(p => p.Job.StartMs < b0 + WidthMs && p.Job.StartMs + (p.Watts.Length * 1000L) > b0))
                {
                    var end = job.StartMs + (watts.Length * 1000L);
                    if (job.StartMs >= b0)
                    {
                        stage.OnJobChanged(null, store.Start(job));
                    }

                    for (var t = Math.Max(b0, job.StartMs); t < Math.Min(b0 + WidthMs, end); t += 1000)
                    {
                        var w = watts[(t - job.StartMs) / 1000];
                        batch.Add(new PowerEstimate(job.Id, NodeId(n), t, t + 1000, w));
                        mj += (long)(w * 1000);
                    }

                    if (end <= b0 + WidthMs)
                    {
                        var previous = store.Find(job.Id);
                        stage.OnJobChanged(previous, store.End(new JobEnd(job.Id, end, JobState.Completed, false))!);
                    }
                }

                store.AddEstimates(batch);
                mj += 800 * WidthMs;   // the node's idle floor
                var energy = new NodeEnergy("bench", NodeId(n), b0, WidthMs, mj, mj * 1000 / WidthMs, 1.0, 0, true, 0, []);
                buckets.Add(energy);
                stage.OnNodeEnergy(energy);
            }

            // As the collector does after each batch: seal, then forget what sealed buckets needed.
            stage.Evict(b0 + WidthMs);
            store.Prune(stage.Ledger.SealedThroughMs - WidthMs, stage.Ledger.SealedThroughMs - WidthMs);
        }

        return buckets;
    }

    /// <summary>Back-to-back jobs on node <paramref name="n"/> in [from, until): 30 to 150 s each, 0 to 10 s apart, one watt figure per second.</summary>
    private static IEnumerable<(Job Job, double[] Watts)> Schedule(int n, long from, long until, int seed)
    {
        var rng = new Random(unchecked((seed * 7919) + (n * 104_729) + (int)(from / 1000 % 1_000_003)));   // HashCode.Combine differs per process
        var t = from + (rng.Next(0, 10) * 1000L);
        for (var k = 0; ; k++)
        {
            var seconds = rng.Next(30, 151);
            if (t + (seconds * 1000L) > until)
            {
                yield break;
            }

            var gpus = rng.Next(1, 9);
            var level = 150.0 * gpus * (0.4 + (0.6 * rng.NextDouble()));
            var watts = new double[seconds];
            for (var s = 0; s < seconds; s++)
            {
                watts[s] = Math.Round(level * (0.9 + (0.2 * rng.NextDouble())), 1);
            }

            var id = $"bench-{NodeId(n)}-{from / 1000}-{k}";
            yield return (new Job { Id = id, Source = JobSource.Api, Project = $"p{k % 7}", StartMs = t, Allocations = [new JobAllocation(NodeId(n), [.. Enumerable.Range(0, gpus)], gpus * 8)] }, watts);
            t += (seconds + rng.Next(0, 11)) * 1000L;
        }
    }

    private static string NodeId(int n) => $"node-{n:D3}";

    private static long ManagedBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}

/// <summary>One phase: the store opened as a restart does, the live hour, then the timed re-emissions.</summary>
/// <param name="NodeIntervals">Node buckets attributed in the timed part.</param>
/// <param name="Seconds">Their wall time, s.</param>
/// <param name="LoadSeconds">Opening jobs.db and loading what the store holds, s.</param>
/// <param name="HeldJobs">Jobs in memory after the hour.</param>
/// <param name="HeldEstimates">Estimates in memory after the hour.</param>
/// <param name="ManagedBytes">Managed memory the store and the stage hold after the hour, bytes.</param>
/// <param name="ChecksumMillijoules">Energy attributed to jobs (keeps the work from being optimised away; equal in both phases).</param>
public sealed record StorePhase(long NodeIntervals, double Seconds, double LoadSeconds, int HeldJobs, long HeldEstimates, long ManagedBytes, long ChecksumMillijoules)
{
    /// <summary>Node buckets per second.</summary>
    public double PerSecond => Seconds > 0 ? NodeIntervals / Seconds : double.PositiveInfinity;
}

/// <summary>What <see cref="StoreMonth.Run"/> measured.</summary>
public sealed record StoreMonthResult(int Nodes, double Days, long Jobs, long Estimates, double WriteSeconds, long FileBytes, StorePhase Month, StorePhase DayOne)
{
    /// <summary>Stage throughput after the month over day one's.</summary>
    public double ThroughputRatio => Month.PerSecond / DayOne.PerSecond;

    /// <summary>Memory held after the month over day one's.</summary>
    public double MemoryRatio => DayOne.ManagedBytes > 0 ? (double)Month.ManagedBytes / DayOne.ManagedBytes : double.NaN;

    /// <summary>Lines for people.</summary>
    public IEnumerable<string> Lines()
    {
        yield return FormattableString.Invariant($"job store after {Days:0.#} simulated days on {Nodes} nodes: {Jobs:N0} ended jobs and {Estimates:N0} one-second estimates in jobs.db ({FileBytes / 1048576.0:F0} MiB, written in {WriteSeconds:F1} s)");
        yield return Phase("month  ", Month);
        yield return Phase("day one", DayOne);
        yield return FormattableString.Invariant($"month / day one: throughput {ThroughputRatio:F2}, memory {MemoryRatio:F2}");
    }

    private static string Phase(string name, StorePhase p) => FormattableString.Invariant(
        $"  {name}: restart load {p.LoadSeconds:F2} s; after the live hour {p.HeldJobs:N0} jobs and {p.HeldEstimates:N0} estimates in memory, {p.ManagedBytes / 1048576.0:F1} MiB managed; stage {p.NodeIntervals:N0} node-intervals in {p.Seconds:F2} s = {p.PerSecond:N0}/s");
}
