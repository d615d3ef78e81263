namespace Metering.Collector.Jobs;

/// <summary>
/// What attribution asks a job store for, per node and time range, without scanning a node's history: its running
/// jobs apart, its ended jobs sorted by start with the longest of them, its estimates sorted by start with the longest
/// of them, so a lookup starts at a binary search and reads only what can overlap. The store removes old jobs and
/// <see cref="Prune"/> old estimates. Not thread-safe (<see cref="JobStore"/> holds its lock).
/// </summary>
internal sealed class NodeTimeIndex
{
    private static readonly Comparison<Job> ByStart = (a, b) => a.StartMs != b.StartMs ? a.StartMs.CompareTo(b.StartMs) : string.CompareOrdinal(a.Id, b.Id);

    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);

    /// <summary>Estimates held, over every node.</summary>
    public long EstimateCount => _nodes.Values.Sum(n => (long)n.Estimates.Count);

    /// <summary>Indexes <paramref name="job"/> on each node it has an allocation on.</summary>
    public void Add(Job job)
    {
        foreach (var node in NodesOf(job))
        {
            var n = NodeOf(node);
            if (job.EndMs is { } end)
            {
                var i = n.Ended.BinarySearch(job, Comparer<Job>.Create(ByStart));
                n.Ended.Insert(i < 0 ? ~i : i, job);
                n.LongestEndedMs = Math.Max(n.LongestEndedMs, end - job.StartMs);
            }
            else
            {
                n.Running[job.Id] = job;
            }
        }
    }

    /// <summary>Removes <paramref name="job"/> (as it was indexed) from its nodes.</summary>
    public void Remove(Job job)
    {
        foreach (var node in NodesOf(job))
        {
            if (!_nodes.TryGetValue(node, out var n))
            {
                continue;
            }

            if (job.EndMs is null)
            {
                n.Running.Remove(job.Id);
            }
            else if (n.Ended.BinarySearch(job, Comparer<Job>.Create(ByStart)) is var i and >= 0)
            {
                n.Ended.RemoveAt(i);
            }
        }
    }

    /// <summary>Indexes an estimate on its node (usually appended: estimates arrive in time order).</summary>
    public void Add(PowerEstimate estimate)
    {
        var n = NodeOf(estimate.NodeId);
        var i = n.Estimates.FindLastIndex(e => e.FromMs <= estimate.FromMs) + 1;
        n.Estimates.Insert(i, estimate);
        n.LongestEstimateMs = Math.Max(n.LongestEstimateMs, estimate.ToMs - estimate.FromMs);
    }

    /// <summary>Jobs on <paramref name="nodeId"/> whose [start, end) overlaps [from, to); running jobs have no end.</summary>
    public List<Job> JobsOn(string nodeId, long fromMs, long toMs)
    {
        var found = new List<Job>();
        if (!_nodes.TryGetValue(nodeId, out var n))
        {
            return found;
        }

        found.AddRange(n.Running.Values.Where(j => j.StartMs < toMs));
        for (var i = FirstFrom(n.Ended, j => j.StartMs, fromMs - n.LongestEndedMs); i < n.Ended.Count && n.Ended[i].StartMs < toMs; i++)
        {
            if (n.Ended[i].EndMs > fromMs)
            {
                found.Add(n.Ended[i]);
            }
        }

        return found;
    }

    /// <summary>Estimates on <paramref name="nodeId"/> overlapping [from, to).</summary>
    public List<PowerEstimate> EstimatesOn(string nodeId, long fromMs, long toMs)
    {
        var found = new List<PowerEstimate>();
        if (!_nodes.TryGetValue(nodeId, out var n))
        {
            return found;
        }

        for (var i = FirstFrom(n.Estimates, e => e.FromMs, fromMs - n.LongestEstimateMs); i < n.Estimates.Count && n.Estimates[i].FromMs < toMs; i++)
        {
            if (n.Estimates[i].ToMs > fromMs)
            {
                found.Add(n.Estimates[i]);
            }
        }

        return found;
    }

    /// <summary>
    /// Forgets estimates that end at or before <paramref name="throughMs"/> and tightens the longest-job bounds (after
    /// the store removed its old jobs with <see cref="Remove"/>).
    /// </summary>
    public void Prune(long throughMs)
    {
        foreach (var n in _nodes.Values)
        {
            n.Estimates.RemoveAll(e => e.ToMs <= throughMs);
            n.LongestEstimateMs = n.Estimates.Count == 0 ? 0 : n.Estimates.Max(e => e.ToMs - e.FromMs);
            n.LongestEndedMs = n.Ended.Count == 0 ? 0 : n.Ended.Max(j => j.EndMs!.Value - j.StartMs);
        }
    }

    private static IEnumerable<string> NodesOf(Job job) => job.Allocations.Select(a => a.NodeId).Distinct(StringComparer.Ordinal);

    /// <summary>The first index whose key is at least <paramref name="atLeast"/> in a list sorted by that key.</summary>
    private static int FirstFrom<T>(List<T> sorted, Func<T, long> key, long atLeast)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            (lo, hi) = key(sorted[mid]) < atLeast ? (mid + 1, hi) : (lo, mid);
        }

        return lo;
    }

    private Node NodeOf(string id) => _nodes.TryGetValue(id, out var n) ? n : _nodes[id] = new Node();

    private sealed class Node
    {
        public Dictionary<string, Job> Running { get; } = new(StringComparer.Ordinal);

        public List<Job> Ended { get; } = [];

        public long LongestEndedMs { get; set; }

        public List<PowerEstimate> Estimates { get; } = [];

        public long LongestEstimateMs { get; set; }
    }
}
