namespace Metering.Collector.Jobs;

/// <summary>
/// An in-memory <see cref="IJobContext"/>: jobs by id and per node, estimates per node by start. For tests, the
/// benchmark scenarios, `metering run` and small deployments; the job store can replace it. Not thread-safe.
/// </summary>
public sealed class JobTable : IJobContext
{
    private readonly Dictionary<string, Job> _jobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Job>> _byNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PowerEstimate>> _estimates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _longestEstimate = new(StringComparer.Ordinal);

    /// <summary>The job with <paramref name="id"/>, or null.</summary>
    public Job? Find(string id) => _jobs.GetValueOrDefault(id);

    /// <summary>Adds a job or replaces the one with its id (a late end, a corrected start, moved allocations); returns the previous one.</summary>
    public Job? Upsert(Job job)
    {
        var previous = _jobs.GetValueOrDefault(job.Id);
        foreach (var node in previous?.Allocations.Select(a => a.NodeId).Distinct() ?? [])
        {
            _byNode[node].RemoveAll(j => j.Id == job.Id);
        }

        _jobs[job.Id] = job;
        foreach (var node in job.Allocations.Select(a => a.NodeId).Distinct())
        {
            (_byNode.TryGetValue(node, out var list) ? list : _byNode[node] = []).Add(job);
        }

        return previous;
    }

    /// <summary>Adds a power estimate.</summary>
    public void AddEstimate(PowerEstimate estimate)
    {
        var list = _estimates.TryGetValue(estimate.NodeId, out var l) ? l : _estimates[estimate.NodeId] = [];
        var i = list.FindLastIndex(e => e.FromMs <= estimate.FromMs) + 1;   // usually the end: estimates arrive in time order
        list.Insert(i, estimate);
        _longestEstimate[estimate.NodeId] = Math.Max(_longestEstimate.GetValueOrDefault(estimate.NodeId), estimate.ToMs - estimate.FromMs);
    }

    /// <inheritdoc />
    public IReadOnlyList<Job> JobsOn(string nodeId, long fromMs, long toMs) =>
        _byNode.TryGetValue(nodeId, out var list) ? [.. list.Where(j => j.StartMs < toMs && (j.EndMs ?? long.MaxValue) > fromMs)] : [];

    /// <inheritdoc />
    public IReadOnlyList<PowerEstimate> EstimatesOn(string nodeId, long fromMs, long toMs)
    {
        if (!_estimates.TryGetValue(nodeId, out var list))
        {
            return [];
        }

        // Estimates are sorted by start and none is longer than the longest: start the scan there.
        var earliest = fromMs - _longestEstimate[nodeId];
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            (lo, hi) = list[mid].FromMs < earliest ? (mid + 1, hi) : (lo, mid);
        }

        var found = new List<PowerEstimate>();
        for (var i = lo; i < list.Count && list[i].FromMs < toMs; i++)
        {
            if (list[i].ToMs > fromMs)
            {
                found.Add(list[i]);
            }
        }

        return found;
    }
}
