namespace Metering.Collector.Jobs;

/// <summary>
/// An in-memory <see cref="IJobContext"/> without the job store's merge rules: <see cref="Upsert"/> replaces a job
/// whatever it holds, for tests and `metering run`'s replay. Lookups use the job store's own index
/// (<see cref="NodeTimeIndex"/>). Not thread-safe.
/// </summary>
public sealed class JobTable : IJobContext
{
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly NodeTimeIndex _index = new();

    /// <summary>The job with <paramref name="id"/>, or null.</summary>
    public Job? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>Adds a job or replaces the one with its id (a late end, a corrected start, moved allocations); returns the previous one.</summary>
    public Job? Upsert(Job job)
    {
        var previous = _jobs.GetValueOrDefault(job.Id);
        if (previous is not null)
        {
            _index.Remove(previous);
        }

        _jobs[job.Id] = job;
        _index.Add(job);
        return previous;
    }

    /// <summary>Adds a power estimate.</summary>
    public void AddEstimate(PowerEstimate estimate) => _index.Add(estimate);

    /// <inheritdoc />
    public IReadOnlyList<Job> JobsOn(string nodeId, long fromMs, long toMs) => _index.JobsOn(nodeId, fromMs, toMs);

    /// <inheritdoc />
    public IReadOnlyList<PowerEstimate> EstimatesOn(string nodeId, long fromMs, long toMs) => _index.EstimatesOn(nodeId, fromMs, toMs);
}
