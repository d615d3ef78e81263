using System.Collections.Concurrent;
using Metering.Collector.Attribution;
using Metering.Collector.Carbon;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Nodes;
using Metering.Collector.Points;

namespace Metering.Collector.Host;

/// <summary>
/// Attribution as the collector runs it (README.md "Running in the collector"), on the ingest pipeline's thread:
/// job events and estimates from the <see cref="JobStore"/> (raised on other threads) are queued and applied before
/// each batch's node buckets; every update becomes <c>job_energy</c> and <c>node_attribution</c> points in the batch;
/// buckets are sealed on time; each job whose records or fields changed gets a <c>job_summary</c> point and its
/// day's <c>energy_rollup</c> points are recomputed. Its state is saved with the ingest checkpoint
/// (<see cref="Ingest.ICheckpointPart"/>). Only <see cref="UseFacility"/> and the job events may come from other threads.
/// </summary>
public sealed partial class LiveAttribution
{
    private readonly JobStore _jobs;
    private readonly ConcurrentQueue<(Job? Previous, Job? Current, PowerEstimate? Estimate)> _events = new();
    private readonly HashSet<string> _dirtyJobs = new(StringComparer.Ordinal);
    private readonly Containment? _containment;
    private FacilityCarbonModel? _nextFacility;
    private bool _resyncDue = true;
    private long _skippedPruned;

    private LiveAttribution(JobStore jobs, AttributionStage stage, SummaryIndex summaries, LiveAttributionOptions options, Containment? containment = null)
    {
        _jobs = jobs;
        _containment = containment;
        Stage = stage;
        Summaries = summaries;
        Options = options.Validate();
        foreach (var a in stage.Ledger.Export().Buckets)
        {
            var key = (a.Remainder.NodeId, a.Remainder.BucketStartMs);
            _live.Add((a.Remainder.BucketEndMs, key.NodeId, key.BucketStartMs));
            _saved.Add(key);
        }

        jobs.Changed += (previous, current) => _events.Enqueue((previous, current, null));
        jobs.EstimateAdded += e => _events.Enqueue((null, null, e));
    }

    /// <summary>The stage (replaced, with its state, when the PUE or carbon model changes).</summary>
    public AttributionStage Stage { get; private set; }

    /// <summary>Latest summaries and rollup totals.</summary>
    public SummaryIndex Summaries { get; }

    /// <summary>Bucket width and how long summaries stay open after a job's end.</summary>
    public LiveAttributionOptions Options { get; }

    /// <summary>Job events and estimates waiting for the pipeline (thread-safe).</summary>
    public int PendingEvents => _events.Count;

    /// <summary>Job events ignored because the job ended before the prune mark (its summary is final).</summary>
    public long SkippedPruned => Interlocked.Read(ref _skippedPruned);

    /// <summary>
    /// Raised on the pipeline thread with the number of retained buckets that were attributed with no PUE or carbon
    /// intensity for their time and now took the configured one (after a configuration change, or at start).
    /// </summary>
    public event Action<int>? StandInsReplaced;

    /// <summary>Uses <paramref name="facility"/> (PUE and carbon) from the next batch on (thread-safe); buckets attributed before keep theirs.</summary>
    public void UseFacility(FacilityCarbonModel facility) => Interlocked.Exchange(ref _nextFacility, facility);

    /// <summary>
    /// Pipeline thread: applies the queued job events and estimates, attributes <paramref name="ready"/>, seals
    /// buckets past retention at <paramref name="nowMs"/>, and appends every point to write to <paramref name="points"/>.
    /// </summary>
    public void Process(IReadOnlyList<NodeEnergy> ready, Inventory inventory, long nowMs, List<Point> points)
    {
        var factorsMayFill = false;
        if (Interlocked.Exchange(ref _nextFacility, null) is { } facility)
        {
            Stage = AttributionStage.Import(Stage.Export(), inventory, _jobs, new Attributor(Stage.Attributor.Policy, facility), Stage.Options);
            factorsMayFill = true;
        }

        Stage.Inventory = inventory;
        if (_resyncDue)
        {
            _resyncDue = false;
            Resync(points);
            factorsMayFill = true;
        }

        if (factorsMayFill)
        {
            // Retained buckets keep the PUE and carbon intensity they were attributed with; only stand-ins (none was
            // configured for their time) take the configured value, and the change is said (AttributionStage.Factors.cs).
            var (update, buckets) = Stage.ReplaceStandIns();
            Write(update, points);
            if (buckets > 0)
            {
                StandInsReplaced?.Invoke(buckets);
            }
        }

        while (_events.TryDequeue(out var e))
        {
            if (e.Estimate is { } estimate)
            {
                Write(Stage.OnEstimate(estimate), points);
            }
            else if (Summaries.IsPruned(e.Current!))
            {
                Interlocked.Increment(ref _skippedPruned);
            }
            else
            {
                ApplyJobEvent(e.Previous, e.Current!, points);
            }
        }

        foreach (var energy in ready)
        {
            Write(Stage.OnNodeEnergy(energy), points);
        }

        Seal(nowMs);
        WriteSummaries(nowMs, points);
        var sealedThrough = Stage.Ledger.SealedThroughMs;
        var pruneThrough = sealedThrough == long.MinValue ? long.MinValue : Math.Min(nowMs - Options.SummaryGraceMs, sealedThrough - Options.BucketWidthMs);
        foreach (var job in Summaries.Prune(pruneThrough))
        {
            Stage.Ledger.ForgetJob(job);
            _dirtySealed.Add(job);
        }

        // What sealed buckets needed stays in jobs.db only: estimates once their buckets are sealed, jobs once summarized for good.
        if (sealedThrough != long.MinValue)
        {
            _jobs.Prune(pruneThrough, sealedThrough - Options.BucketWidthMs);
        }
    }

    /// <summary>
    /// Applies one job event; with a <see cref="Containment"/>, one that fails is set aside (dead-lettered, counted,
    /// logged) with the points it had added removed, and the batch goes on (ARCHITECTURE.md, invariant 7).
    /// </summary>
    private void ApplyJobEvent(Job? previous, Job current, List<Point> points)
    {
        var mark = points.Count;
        try
        {
            Write(Stage.OnJobChanged(previous, current), points);
            _dirtyJobs.Add(current.Id);
        }
        catch (Exception e) when (_containment is not null && e is not OperationCanceledException)
        {
            points.RemoveRange(mark, points.Count - mark);
            _containment.JobEvent(current.Id, current, e);
        }
    }

    /// <summary>
    /// After a restart: jobs that may have changed while the collector was away, or whose event was queued but not
    /// yet checkpointed, are re-attributed over their retained buckets (compared with the job as last summarized), and
    /// jobs whose fields differ from their last summary are summarized again.
    /// </summary>
    private void Resync(List<Point> points)
    {
        foreach (var job in _jobs.All())
        {
            if (Summaries.IsPruned(job))
            {
                continue;
            }

            var last = Summaries.Find(job.Id)?.Job;
            if ((job.EndMs ?? long.MaxValue) > Stage.Ledger.SealedThroughMs)
            {
                Write(Stage.OnJobChanged(last, job), points);
                _dirtyJobs.Add(job.Id);
            }
            else if (last is null || !JobMergeRules.SameContent(last, job))
            {
                _dirtyJobs.Add(job.Id);
            }
        }
    }

    private void Write(AttributionUpdate update, List<Point> points)
    {
        foreach (var r in update.Remainders)
        {
            points.Add(AttributionPoints.NodeAttributionPoint(r));
            Track(r);
        }

        foreach (var r in update.Records)
        {
            points.Add(AttributionPoints.JobEnergyPoint(r));
            _dirtyJobs.Add(r.JobId);
        }

        foreach (var r in update.Retractions)
        {
            points.Add(AttributionPoints.JobEnergyPoint(r));
            _dirtyJobs.Add(r.JobId);
        }
    }

    private void WriteSummaries(long nowMs, List<Point> points)
    {
        var groups = new SortedSet<RollupKey>(Comparer<RollupKey>.Create((a, b) =>
            (a.DayStartMs, a.Dimension, a.Key).CompareTo((b.DayStartMs, b.Dimension, b.Key))));
        foreach (var id in _dirtyJobs.Order(StringComparer.Ordinal))
        {
            if (_jobs.Find(id) is not { } job || Summaries.IsPruned(job))
            {
                continue;
            }

            var summary = Stage.Summary(job, nowMs);
            points.Add(AttributionPoints.JobSummaryPoint(job, summary));
            groups.UnionWith(Summaries.Update(job, summary));
        }

        _dirtyJobs.Clear();
        foreach (var g in groups)
        {
            var t = Summaries.Rollup(g);
            points.Add(AttributionPoints.RollupPoint(g.Dimension, g.Key, g.DayStartMs, t.Jobs, t.ItMillijoules, t.FacilityMillijoules, t.Co2eGrams));
        }
    }
}
