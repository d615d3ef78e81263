using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Jobs;

/// <summary>
/// The collector's jobs and power estimates: every job source (HTTP API, `metering job`, `metering run`, Slurm hooks
/// and reconciler) writes here through <see cref="IJobSink"/> semantics (<see cref="JobMergeRules"/>: idempotent,
/// first end wins; labels cleaned by <see cref="JobLabels"/>), and attribution reads it as its <see cref="IJobContext"/>. Thread-safe. Every accepted change is
/// announced on <see cref="Changed"/> (and estimates on <see cref="EstimateAdded"/>) after the store holds it, so a
/// consumer that re-reads the store sees the change. Persistence is added by <see cref="IJobPersistence"/>.
/// Memory holds what attribution can still ask for: running jobs, jobs and estimates newer than the prune marks
/// (<see cref="Prune"/>), indexed per node by time (<see cref="NodeTimeIndex"/>); older jobs are read back from the
/// persistence when asked for by id or listed.
/// </summary>
public sealed partial class JobStore : IJobContext, IJobSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly NodeTimeIndex _index = new();
    private readonly Dictionary<long, int> _latestRun = [];
    private readonly IJobPersistence? _persistence;

    /// <summary>
    /// An empty store; with <paramref name="persistence"/>, loaded from it and writing every change through it. Jobs that
    /// ended, and estimates that end, at or before <paramref name="heldAfterMs"/> stay in the persistence only.
    /// </summary>
    public JobStore(IJobPersistence? persistence = null, long heldAfterMs = long.MinValue)
    {
        _persistence = persistence;
        if (persistence is null)
        {
            return;
        }

        foreach (var job in persistence.LoadJobs())
        {
            // A jobs.db written before labels were cleaned may hold labels that no write could carry.
            var clean = JobLabels.Clean(job);
            NoteRun(clean);
            if ((clean.EndMs ?? long.MaxValue) > heldAfterMs)
            {
                Index(null, clean);
            }
        }

        foreach (var e in persistence.LoadEstimates(heldAfterMs))
        {
            _index.Add(e);
        }

        (JobsPrunedThroughMs, EstimatesPrunedThroughMs) = (heldAfterMs, heldAfterMs);
    }

    /// <summary>A job was stored or changed: (previous, or null when new; current). Raised after the store holds it, outside its lock.</summary>
    public event Action<Job?, Job>? Changed;

    /// <summary>An estimate was stored. Raised after the store holds it, outside its lock.</summary>
    public event Action<PowerEstimate>? EstimateAdded;

    /// <summary>Number of jobs held in memory (running, or ended after the prune mark).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _jobs.Count;
            }
        }
    }

    /// <summary>Number of estimates held in memory (ending after the prune mark).</summary>
    public long EstimateCount
    {
        get
        {
            lock (_gate)
            {
                return _index.EstimateCount;
            }
        }
    }

    /// <summary>Jobs that ended at or before this are kept by the persistence only.</summary>
    public long JobsPrunedThroughMs { get; private set; } = long.MinValue;

    /// <summary>Estimates that end at or before this are kept by the persistence only.</summary>
    public long EstimatesPrunedThroughMs { get; private set; } = long.MinValue;

    /// <summary>The job with <paramref name="id"/> (from the persistence when it was pruned from memory), or null.</summary>
    public Job? Find(string id)
    {
        lock (_gate)
        {
            return Stored(id);
        }
    }

    /// <summary>
    /// The id an end for <paramref name="id"/> applies to: for "slurm:N", the latest run the store holds
    /// ("slurm:N:run2" once a requeued job's second run started; the Epilog only knows Slurm's job id); any other id as
    /// it is.
    /// </summary>
    public string LatestRunOf(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!SlurmJobIds.TryParse(id, out var jobId, out var run) || run != 1)
        {
            return id;
        }

        lock (_gate)
        {
            return _latestRun.TryGetValue(jobId, out var latest) ? SlurmJobIds.Format(jobId, latest) : id;
        }
    }

    /// <summary>Every job, by start then id: with a persistence, every job it keeps (pruned ones included).</summary>
    public IReadOnlyList<Job> All()
    {
        lock (_gate)
        {
            var all = _persistence is null ? _jobs.Values : _persistence.LoadJobs().Select(JobLabels.Clean);
            return [.. all.OrderBy(j => j.StartMs).ThenBy(j => j.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>The jobs held in memory (running, or ended after the prune mark), by start then id.</summary>
    public IReadOnlyList<Job> Held()
    {
        lock (_gate)
        {
            return [.. _jobs.Values.OrderBy(j => j.StartMs).ThenBy(j => j.Id, StringComparer.Ordinal)];
        }
    }

    /// <summary>
    /// Forgets from memory the jobs that ended at or before <paramref name="jobsThroughMs"/> and the estimates that end at
    /// or before <paramref name="estimatesThroughMs"/> (the persistence keeps them; a store without one forgets them);
    /// marks never move back. Returns how many jobs and estimates were forgotten.
    /// </summary>
    public (int Jobs, long Estimates) Prune(long jobsThroughMs, long estimatesThroughMs)
    {
        lock (_gate)
        {
            JobsPrunedThroughMs = Math.Max(JobsPrunedThroughMs, jobsThroughMs);
            EstimatesPrunedThroughMs = Math.Max(EstimatesPrunedThroughMs, estimatesThroughMs);
            var old = _jobs.Values.Where(j => j.EndMs <= JobsPrunedThroughMs).ToList();
            foreach (var job in old)
            {
                _jobs.Remove(job.Id);
                _index.Remove(job);
            }

            var before = _index.EstimateCount;
            _index.Prune(EstimatesPrunedThroughMs);
            return (old.Count, before - _index.EstimateCount);
        }
    }

    /// <summary>Applies a start (<see cref="JobMergeRules.Start"/>) with its labels cleaned (<see cref="JobLabels"/>); returns the stored job.</summary>
    public Job Start(Job job)
    {
        job = JobLabels.Clean(job);
        Job? previous;
        Job current;
        lock (_gate)
        {
            previous = Stored(job.Id);
            current = JobMergeRules.Start(previous, job);
            if (previous is not null && JobMergeRules.SameContent(previous, current))
            {
                return previous;
            }

            _persistence?.SaveJob(current);
            Index(_jobs.GetValueOrDefault(job.Id), current);
        }

        Changed?.Invoke(previous, current);
        return current;
    }

    /// <summary>Applies an end (<see cref="JobMergeRules.End"/>); returns the stored job, or null for an unknown id.</summary>
    public Job? End(JobEnd end)
    {
        Job? previous;
        Job? current;
        lock (_gate)
        {
            previous = Stored(end.Id);
            current = JobMergeRules.End(previous, end);
            if (current is null || previous is null || JobMergeRules.SameContent(previous, current))
            {
                return current;
            }

            _persistence?.SaveJob(current);
            Index(_jobs.GetValueOrDefault(end.Id), current);
        }

        Changed?.Invoke(previous, current);
        return current;
    }

    /// <summary>Stores a power estimate (validated by the caller; attribution ignores non-finite, negative or absurd watts).</summary>
    public void AddEstimate(PowerEstimate estimate) => AddEstimates([estimate]);

    /// <summary>Stores power estimates in one durable write (one transaction however many), then announces each.</summary>
    public void AddEstimates(IReadOnlyList<PowerEstimate> estimates)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        lock (_gate)
        {
            _persistence?.SaveEstimates(estimates);
            foreach (var e in estimates)
            {
                _index.Add(e);
            }
        }

        foreach (var e in estimates)
        {
            EstimateAdded?.Invoke(e);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<Job> JobsOn(string nodeId, long fromMs, long toMs)
    {
        lock (_gate)
        {
            return _index.JobsOn(nodeId, fromMs, toMs);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<PowerEstimate> EstimatesOn(string nodeId, long fromMs, long toMs)
    {
        lock (_gate)
        {
            return _index.EstimatesOn(nodeId, fromMs, toMs);
        }
    }

    /// <summary>The job held in memory, else the one the persistence keeps (a pruned job), else null.</summary>
    private Job? Stored(string id) =>
        _jobs.GetValueOrDefault(id) ?? (_persistence?.FindJob(id) is { } kept ? JobLabels.Clean(kept) : null);

    /// <summary>Holds <paramref name="current"/> in memory in place of <paramref name="held"/> (the version memory held, if any).</summary>
    private void Index(Job? held, Job current)
    {
        NoteRun(current);
        if (held is not null)
        {
            _index.Remove(held);
        }

        _jobs[current.Id] = current;
        _index.Add(current);
    }

    private void NoteRun(Job job)
    {
        if (SlurmJobIds.TryParse(job.Id, out var jobId, out var run) && run > _latestRun.GetValueOrDefault(jobId, 1))
        {
            _latestRun[jobId] = run;
        }
    }
}
