using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// The job store as a dictionary, applying <see cref="JobMergeRules"/> like the real one must. Counts the calls that
/// changed something, so a test can assert that a pass changed nothing.
/// </summary>
public sealed class InMemoryJobSink : IJobSink
{
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);

    /// <summary>Calls that changed a stored job.</summary>
    public int Changes { get; private set; }

    /// <summary>Every stored job.</summary>
    public IReadOnlyCollection<Job> Jobs => _jobs.Values;

    /// <summary>The stored job with <paramref name="id"/>, or null.</summary>
    public Job? this[string id] => _jobs.GetValueOrDefault(id);

    /// <summary>Whether the end of <paramref name="id"/> is approximate; null while it has not ended.</summary>
    public bool? EndWasApproximate(string id) => _jobs.GetValueOrDefault(id) is { EndMs: not null } job ? job.EndApproximate : null;

    /// <inheritdoc />
    public Task StartAsync(Job job, CancellationToken cancellationToken)
    {
        var stored = _jobs.GetValueOrDefault(job.Id);
        Store(stored, JobMergeRules.Start(stored, JobLabels.Clean(job)));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task EndAsync(JobEnd end, CancellationToken cancellationToken)
    {
        var stored = _jobs.GetValueOrDefault(end.Id);
        Store(stored, JobMergeRules.End(stored, end));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Job>> ListRunningAsync(JobSource source, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Job>>(_jobs.Values.Where(j => j.Source == source && j.State == JobState.Running && j.EndMs is null).ToList());

    /// <inheritdoc />
    public Task<IReadOnlyList<Job>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Job>>(ids.Distinct().Select(_jobs.GetValueOrDefault).OfType<Job>().ToList());

    private void Store(Job? stored, Job? next)
    {
        if (next is null || (stored is not null && JobMergeRules.SameContent(stored, next)))
        {
            return;
        }

        _jobs[next.Id] = next;
        Changes++;
    }
}
