using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Jobs;

/// <summary>The job store as the Slurm reconciler's <see cref="IJobSink"/>: the same rules as the API's calls.</summary>
public sealed partial class JobStore
{
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
            return Task.FromResult<IReadOnlyList<Job>>([.. ids.Distinct(StringComparer.Ordinal).Select(Stored).OfType<Job>()]);
        }
    }
}
