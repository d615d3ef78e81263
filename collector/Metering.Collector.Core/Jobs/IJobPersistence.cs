namespace Metering.Collector.Jobs;

/// <summary>Where a <see cref="JobStore"/> keeps its jobs and estimates across restarts.</summary>
public interface IJobPersistence
{
    /// <summary>Every saved job (the latest version of each).</summary>
    IEnumerable<Job> LoadJobs();

    /// <summary>The saved job with <paramref name="id"/>, or null.</summary>
    Job? FindJob(string id);

    /// <summary>Every saved estimate that ends after <paramref name="endingAfterMs"/>, in arrival order.</summary>
    IEnumerable<PowerEstimate> LoadEstimates(long endingAfterMs = long.MinValue);

    /// <summary>Saves (inserts or replaces by id) a job durably before returning.</summary>
    void SaveJob(Job job);

    /// <summary>Saves estimates durably, all or none, before returning.</summary>
    void SaveEstimates(IReadOnlyList<PowerEstimate> estimates);
}
