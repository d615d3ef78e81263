namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// How reports of the same job combine. Several sources report a Slurm job: the node Prolog of each of its nodes
/// (one allocation each), the Epilogs, the reconciler (everything squeue or sacct knows), and retries or replays of
/// any of them. Starts are fill-only and ends are folded by authority (<see cref="JobOutcome"/>), so applying a report
/// twice, or in another order, gives the same job.
/// </summary>
public static class JobMergeRules
{
    /// <summary>
    /// The job after a start report: <paramref name="incoming"/> when nothing is stored; otherwise the stored job with
    /// each missing tag (name, user, project, model, purpose) and a missing array id and index taken from
    /// <paramref name="incoming"/>, nodes it lacks added, and on nodes it has, empty GPU indices or zero CPUs filled.
    /// The stored start time, end and state are kept: a start never reopens an ended job (a requeued Slurm job's next
    /// run is a record of its own), but it may still fill what the ended job lacks (a name squeue shows until
    /// MinJobAge, GPUs from a Prolog whose report was spooled during an outage).
    /// </summary>
    public static Job Start(Job? stored, Job incoming)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        if (stored is null)
        {
            return incoming;
        }

        RequireSameId(stored.Id, incoming.Id);
        var array = stored.ArrayJobId is null ? (incoming.ArrayJobId, incoming.ArrayTaskId) : (stored.ArrayJobId, stored.ArrayTaskId);
        return stored with
        {
            Name = Fill(stored.Name, incoming.Name),
            User = Fill(stored.User, incoming.User),
            Project = Fill(stored.Project, incoming.Project),
            Model = Fill(stored.Model, incoming.Model),
            Purpose = Fill(stored.Purpose, incoming.Purpose),
            Allocations = MergeAllocations(stored.Allocations, incoming.Allocations),
            ArrayJobId = array.Item1,
            ArrayTaskId = array.Item2,
        };
    }

    /// <summary>
    /// The job after an end report: null for an unknown job (an end cannot create a job); a running job ends at
    /// <see cref="JobEnd.EndMs"/> (never before its start: node clocks differ) in <see cref="JobEnd.State"/>; an ended
    /// job keeps the report in its history and takes its outcome only when it is more authoritative than every earlier
    /// one (<see cref="JobEndSources.Rank"/>: squeue or sacct refine what an Epilog guessed).
    /// </summary>
    public static Job? End(Job? stored, JobEnd end)
    {
        ArgumentNullException.ThrowIfNull(end);
        if (end.State == JobState.Running)
        {
            throw new ArgumentException("an end cannot have state Running", nameof(end));
        }

        if (stored is null)
        {
            return null;
        }

        RequireSameId(stored.Id, end.Id);
        return JobOutcome.Apply(stored, end.ToReport());
    }

    /// <summary>True when two jobs have the same content (records compare lists by reference, this by items).</summary>
    public static bool SameContent(Job a, Job b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a with { Allocations = [], EndReports = [] } == b with { Allocations = [], EndReports = [] }
            && a.EndReports.SequenceEqual(b.EndReports)
            && a.Allocations.Count == b.Allocations.Count
            && a.Allocations.Zip(b.Allocations).All(p =>
                p.First.NodeId == p.Second.NodeId && p.First.CpuCores == p.Second.CpuCores
                && p.First.GpuIndices.SequenceEqual(p.Second.GpuIndices));
    }

    private static string? Fill(string? stored, string? incoming) => string.IsNullOrEmpty(stored) ? incoming : stored;

    private static List<JobAllocation> MergeAllocations(IReadOnlyList<JobAllocation> stored, IReadOnlyList<JobAllocation> incoming)
    {
        var merged = new List<JobAllocation>(stored.Count + incoming.Count);
        foreach (var mine in stored)
        {
            var theirs = incoming.FirstOrDefault(a => a.NodeId == mine.NodeId);
            merged.Add(theirs is null ? mine : mine with
            {
                GpuIndices = mine.GpuIndices.Count > 0 ? mine.GpuIndices : theirs.GpuIndices,
                CpuCores = mine.CpuCores > 0 ? mine.CpuCores : theirs.CpuCores,
            });
        }

        merged.AddRange(incoming.Where(a => stored.All(m => m.NodeId != a.NodeId)).DistinctBy(a => a.NodeId).ToList());
        return merged;
    }

    private static void RequireSameId(string stored, string incoming)
    {
        if (stored != incoming)
        {
            throw new ArgumentException($"reports for job '{incoming}' cannot change job '{stored}'", nameof(incoming));
        }
    }
}
