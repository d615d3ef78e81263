using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Jobs;

/// <summary>
/// The collector's jobs and power estimates: every job source (HTTP API, `metering job`, `metering run`, Slurm hooks
/// and reconciler) writes here through <see cref="IJobSink"/> semantics (<see cref="JobMergeRules"/>: idempotent,
/// first end wins; labels cleaned by <see cref="JobLabels"/>), and attribution reads it as its <see cref="IJobContext"/>. Thread-safe. Every accepted change is
/// announced on <see cref="Changed"/> (and estimates on <see cref="EstimateAdded"/>) after the store holds it, so a
/// consumer that re-reads the store sees the change. Persistence is added by <see cref="IJobPersistence"/>.
/// </summary>
public sealed class JobStore : IJobContext, IJobSink
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Job>> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PowerEstimate>> _estimatesByNode = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _latestRun = [];
    private readonly IJobPersistence? _persistence;

    /// <summary>An empty store; with <paramref name="persistence"/>, loaded from it and writing every change through it.</summary>
    public JobStore(IJobPersistence? persistence = null)
    {
        _persistence = persistence;
        if (persistence is null)
        {
            return;
        }

        foreach (var job in persistence.LoadJobs())
        {
            // A jobs.db written before labels were cleaned may hold labels that no write could carry.
            Index(null, JobLabels.Clean(job));
        }

        foreach (var e in persistence.LoadEstimates())
        {
            IndexEstimate(e);
        }
    }

    /// <summary>A job was stored or changed: (previous, or null when new; current). Raised after the store holds it, outside its lock.</summary>
    public event Action<Job?, Job>? Changed;

    /// <summary>An estimate was stored. Raised after the store holds it, outside its lock.</summary>
    public event Action<PowerEstimate>? EstimateAdded;

    /// <summary>Number of jobs held.</summary>
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

    /// <summary>The job with <paramref name="id"/>, or null.</summary>
    public Job? Find(string id)
    {
        lock (_gate)
        {
            return _jobs.GetValueOrDefault(id);
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

    /// <summary>Every job, by start then id.</summary>
    public IReadOnlyList<Job> All()
    {
        lock (_gate)
        {
            return [.. _jobs.Values.OrderBy(j => j.StartMs).ThenBy(j => j.Id, StringComparer.Ordinal)];
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
            previous = _jobs.GetValueOrDefault(job.Id);
            current = JobMergeRules.Start(previous, job);
            if (previous is not null && JobMergeRules.SameContent(previous, current))
            {
                return previous;
            }

            _persistence?.SaveJob(current);
            Index(previous, current);
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
            previous = _jobs.GetValueOrDefault(end.Id);
            current = JobMergeRules.End(previous, end);
            if (current is null || previous is null || JobMergeRules.SameContent(previous, current))
            {
                return current;
            }

            _persistence?.SaveJob(current);
            Index(previous, current);
        }

        Changed?.Invoke(previous, current);
        return current;
    }

    /// <summary>Stores a power estimate (validated by the caller; attribution ignores non-finite, negative or absurd watts).</summary>
    public void AddEstimate(PowerEstimate estimate)
    {
        lock (_gate)
        {
            _persistence?.SaveEstimate(estimate);
            IndexEstimate(estimate);
        }

        EstimateAdded?.Invoke(estimate);
    }

    /// <inheritdoc />
    public IReadOnlyList<Job> JobsOn(string nodeId, long fromMs, long toMs)
    {
        lock (_gate)
        {
            return _byNode.TryGetValue(nodeId, out var jobs)
                ? [.. jobs.Where(j => j.StartMs < toMs && (j.EndMs ?? long.MaxValue) > fromMs)]
                : [];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<PowerEstimate> EstimatesOn(string nodeId, long fromMs, long toMs)
    {
        lock (_gate)
        {
            return _estimatesByNode.TryGetValue(nodeId, out var list)
                ? [.. list.Where(e => e.FromMs < toMs && e.ToMs > fromMs)]
                : [];
        }
    }

    /// <inheritdoc />
    Task IJobSink.StartAsync(Job job, CancellationToken cancellationToken)
    {
        Start(job);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    Task IJobSink.EndAsync(JobEnd end, CancellationToken cancellationToken)
    {
        End(end);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Job>> ListRunningAsync(JobSource source, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Job>>([.. _jobs.Values.Where(j => j.Source == source && j.State == JobState.Running && j.EndMs is null)]);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Job>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Job>>([.. ids.Distinct(StringComparer.Ordinal).Select(_jobs.GetValueOrDefault).OfType<Job>()]);
        }
    }

    private void Index(Job? previous, Job current)
    {
        _jobs[current.Id] = current;
        if (SlurmJobIds.TryParse(current.Id, out var jobId, out var run) && run > _latestRun.GetValueOrDefault(jobId, 1))
        {
            _latestRun[jobId] = run;
        }

        if (previous is not null)
        {
            foreach (var node in previous.Allocations.Select(a => a.NodeId).Distinct(StringComparer.Ordinal))
            {
                _byNode[node].RemoveAll(j => j.Id == previous.Id);
            }
        }

        foreach (var node in current.Allocations.Select(a => a.NodeId).Distinct(StringComparer.Ordinal))
        {
            (_byNode.TryGetValue(node, out var list) ? list : _byNode[node] = []).Add(current);
        }
    }

    private void IndexEstimate(PowerEstimate e) =>
        (_estimatesByNode.TryGetValue(e.NodeId, out var list) ? list : _estimatesByNode[e.NodeId] = []).Add(e);
}

/// <summary>Where a <see cref="JobStore"/> keeps its jobs and estimates across restarts.</summary>
public interface IJobPersistence
{
    /// <summary>Every saved job (the latest version of each).</summary>
    IEnumerable<Job> LoadJobs();

    /// <summary>Every saved estimate.</summary>
    IEnumerable<PowerEstimate> LoadEstimates();

    /// <summary>Saves (inserts or replaces by id) a job durably before returning.</summary>
    void SaveJob(Job job);

    /// <summary>Saves an estimate durably before returning.</summary>
    void SaveEstimate(PowerEstimate estimate);
}
