using Metering.Collector.Jobs;
using Metering.Collector.Nodes;

namespace Metering.Collector.Attribution;

/// <summary>A job with time in a node bucket, with the weights attribution splits the bucket by.</summary>
/// <param name="Id">Job id.</param>
/// <param name="OverlapMs">Time the job ran inside the bucket, ms.</param>
/// <param name="ResourceMilliwatts">Its allocation on the node at reference watts, mW (the idle-share weight).</param>
/// <param name="DynamicWeight">Estimate mW x ms where estimates cover its time plus allocation mW x ms elsewhere.</param>
/// <param name="EstimatedMs">Part of its overlap covered by estimates, ms.</param>
internal readonly record struct ActiveJob(string Id, long OverlapMs, long ResourceMilliwatts, long DynamicWeight, long EstimatedMs)
{
    /// <summary>Above this an estimate is taken for garbage and ignored, W (10 MW).</summary>
    private const double MaxEstimateWatts = 1e7;

    /// <summary>The jobs of <paramref name="jobs"/> with an allocation on the node and time in [b0, b1), by id (ordinal).</summary>
    public static List<ActiveJob> Collect(Node node, long b0, long b1, IReadOnlyList<Job> jobs, IReadOnlyList<PowerEstimate> estimates, ReferenceWatts reference)
    {
        var active = new List<ActiveJob>(jobs.Count);
        var seen = jobs.Count > 16 ? new HashSet<string>(StringComparer.Ordinal) : null;   // a scan is cheaper for the usual few jobs
        foreach (var job in jobs)
        {
            var from = Math.Max(job.StartMs, b0);
            var to = Math.Min(job.EndMs ?? long.MaxValue, b1);
            if (to <= from || !OnNode(job, node.Id, out var gpus, out var cores))
            {
                continue;
            }

            if (seen is not null ? !seen.Add(job.Id) : active.Exists(a => a.Id == job.Id))
            {
                throw new ArgumentException($"job \"{job.Id}\" is given twice", nameof(jobs));
            }

            var resource = checked(reference.Milliwatts(gpus, cores));
            var (estimated, estimatedMs) = Estimated(job.Id, node.Id, from, to, estimates);
            var dynamic = checked(estimated + (resource * (to - from - estimatedMs)));
            active.Add(new(job.Id, to - from, resource, dynamic, estimatedMs));
        }

        active.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return active;
    }

    /// <summary>The job's resources on the node: distinct GPU indices and the sum of cores over its allocations there.</summary>
    private static bool OnNode(Job job, string nodeId, out int gpus, out int cores)
    {
        HashSet<int>? indices = null;
        gpus = 0;
        cores = 0;
        var found = false;
        foreach (var a in job.Allocations)
        {
            if (a.NodeId != nodeId)
            {
                continue;
            }

            found = true;
            cores += Math.Max(0, a.CpuCores);
            indices ??= [];
            indices.UnionWith(a.GpuIndices);
        }

        gpus = indices?.Count ?? 0;
        return found;
    }

    /// <summary>
    /// Estimate mW x ms over [from, to) and the time covered. Estimates of one job and node should not overlap; when they
    /// do, the one that starts first (then ends first, then is lower) holds the overlap, so no time counts twice.
    /// </summary>
    private static (long Weight, long CoveredMs) Estimated(string jobId, string nodeId, long from, long to, IReadOnlyList<PowerEstimate> estimates)
    {
        List<PowerEstimate>? mine = null;
        foreach (var e in estimates)
        {
            if (e.JobId == jobId && e.NodeId == nodeId && e.FromMs < to && e.ToMs > from && double.IsFinite(e.Watts) && e.Watts is >= 0 and <= MaxEstimateWatts)
            {
                (mine ??= []).Add(e);
            }
        }

        if (mine is null)
        {
            return (0, 0);
        }

        mine.Sort((a, b) => a.FromMs != b.FromMs ? a.FromMs.CompareTo(b.FromMs) : a.ToMs != b.ToMs ? a.ToMs.CompareTo(b.ToMs) : a.Watts.CompareTo(b.Watts));
        long weight = 0, covered = 0, cursor = from;
        foreach (var e in mine)
        {
            var start = Math.Max(e.FromMs, cursor);
            var end = Math.Min(e.ToMs, to);
            if (end > start)
            {
                weight = checked(weight + ((long)Math.Round(e.Watts * 1000, MidpointRounding.AwayFromZero) * (end - start)));
                covered += end - start;
                cursor = end;
            }
        }

        return (weight, covered);
    }
}
