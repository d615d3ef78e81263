namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// The reconciler's rules, pure: compares what squeue lists with the Slurm jobs the collector believes are running.
/// <list type="bullet">
/// <item>Active in squeue (RUNNING, COMPLETING, ...), unknown to the collector: added (the Prolog's call was missed).</item>
/// <item>Active in squeue, known: sent again only when squeue fills something the stored job lacks
/// (<see cref="JobMergeRules.Start"/> would change it): name, account, a node, GPU indices, CPUs.</item>
/// <item>Known, finished in squeue: ended at squeue's end time with squeue's outcome (exact).</item>
/// <item>Known, pending in squeue again (requeued) or no longer listed (finished longer ago than MinJobAge):
/// ended now, state Ended, flagged approximate.</item>
/// </list>
/// Jobs that started and finished while the collector was away are not added: squeue no longer has their GPUs, and
/// nothing tells them apart from jobs the Epilog already ended (see the README's limitations).
/// Applying the plan and planning again gives an empty plan.
/// </summary>
public static class SlurmReconcilePlanner
{
    /// <summary>The changes that bring <paramref name="running"/> in line with <paramref name="squeue"/>.</summary>
    /// <param name="squeue">Every job squeue lists (a complete snapshot, taken after <paramref name="running"/> was read).</param>
    /// <param name="running">The Slurm jobs the collector holds as running; other ids are ignored.</param>
    /// <param name="nowMs">Now, ms since the Unix epoch: the end of jobs squeue no longer lists.</param>
    public static ReconcilePlan Plan(IReadOnlyList<SqueueJob> squeue, IReadOnlyList<Job> running, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(squeue);
        ArgumentNullException.ThrowIfNull(running);
        var listed = new Dictionary<string, SqueueJob>(StringComparer.Ordinal);
        foreach (var job in squeue)
        {
            listed[job.Id] = job;
        }

        var known = running.Where(j => j.Source == JobSource.Slurm && j.State == JobState.Running && j.EndMs is null
                && SlurmJobIds.TryParse(j.Id, out _))
            .GroupBy(j => j.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var added = new List<Job>();
        var filled = new List<Job>();
        foreach (var job in listed.Values.Where(j => SlurmJobStates.IsActive(j.State) && j.Nodes.Count > 0 && j.StartTimeS > 0))
        {
            var reported = job.ToJob();
            if (!known.TryGetValue(job.Id, out var stored))
            {
                added.Add(reported);
            }
            else if (!JobMergeRules.SameContent(JobMergeRules.Start(stored, reported), stored))
            {
                filled.Add(reported);
            }
        }

        var ended = known.Values.Select(stored => EndOf(stored, listed.GetValueOrDefault(stored.Id), nowMs))
            .OfType<JobEnd>().ToList();
        return new ReconcilePlan(added, filled, ended);
    }

    private static JobEnd? EndOf(Job stored, SqueueJob? listed, long nowMs)
    {
        if (listed is not null && SlurmJobStates.IsActive(listed.State))
        {
            return null;
        }

        if (listed is not null && SlurmJobStates.IsFinished(listed.State) && listed.EndTimeS > 0)
        {
            return new JobEnd(stored.Id, listed.EndTimeS * 1000, SlurmJobStates.ToJobState(listed.State), Approximate: false);
        }

        return new JobEnd(stored.Id, nowMs, JobState.Ended, Approximate: true);
    }
}
