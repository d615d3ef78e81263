namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// The reconciler's rules, pure: compares each run Slurm describes (<see cref="SlurmSnapshot"/>) with what the
/// collector holds.
/// <list type="bullet">
/// <item>Active (RUNNING, COMPLETING, ...), unknown: added (the Prolog's call was missed). Known: sent again only when
/// Slurm fills something the stored job lacks (<see cref="JobMergeRules.Start"/> would change it).</item>
/// <item>Finished (COMPLETED, FAILED, TIMEOUT, ...), unknown: added with its start and ended with its end (it ran
/// while the collector was away). Running: ended with Slurm's end and outcome (exact). Ended by an Epilog or a user but
/// not yet settled by Slurm's record: refined (<see cref="JobEndSources"/>).</item>
/// <item>An earlier run of a requeued job (Slurm describes a later one): ended (if running) or refined as requeued.
/// A later run the collector does not hold, listed COMPLETING, is not described yet: Slurm lists a run being requeued
/// that way, under the next run's number.</item>
/// <item>Running in the collector, and Slurm describes neither it nor a later run (forgotten past MinJobAge, or pending
/// again): ended now, state Ended, flagged approximate; not while a configured source did not answer
/// (<see cref="SlurmSnapshot.Complete"/>).</item>
/// </list>
/// Everything sent is checked with <see cref="JobValidation"/> first, as the HTTP API checks what it takes: a job or
/// an end it would refuse is left out (listed in <see cref="ReconcilePlan.Refused"/>), and a label it would refuse is
/// dropped from the job (also listed). Applying the plan and planning again gives an empty plan.
/// </summary>
public static class SlurmReconcilePlanner
{
    /// <summary>The plan for squeue's snapshot alone (no accounting database).</summary>
    public static ReconcilePlan Plan(IReadOnlyList<SqueueJob> squeue, IReadOnlyList<Job> running, IReadOnlyCollection<Job> known, long nowMs) =>
        Plan(new SlurmSnapshot(squeue, []), running, known, nowMs);

    /// <summary>The changes that bring the collector in line with <paramref name="slurm"/>.</summary>
    /// <param name="slurm">What Slurm said (taken after <paramref name="running"/> was read).</param>
    /// <param name="running">The Slurm jobs the collector held as running before <paramref name="slurm"/> was taken; other ids are ignored.</param>
    /// <param name="known">The collector's jobs among <see cref="IdsToLookUp"/> (read at any time; unknown ids absent).</param>
    /// <param name="nowMs">Now, ms since the Unix epoch: the end of jobs Slurm no longer describes.</param>
    public static ReconcilePlan Plan(SlurmSnapshot slurm, IReadOnlyList<Job> running, IReadOnlyCollection<Job> known, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(slurm);
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(known);
        var runs = slurm.Runs();
        var latest = slurm.LatestRuns();
        var stored = known.Where(IsSlurm).GroupBy(j => j.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var plan = new Builder();
        foreach (var (job, by) in runs.Values)
        {
            if (IsRequeueEcho(job, stored.GetValueOrDefault(job.Id)))
            {
                continue;
            }

            Describe(job, by, stored.GetValueOrDefault(job.Id), plan);
            for (var run = 1; run < job.Run; run++)
            {
                var earlier = SlurmJobIds.Format(job.JobId, run);
                if (!runs.ContainsKey(earlier) && stored.GetValueOrDefault(earlier) is { } previous)
                {
                    Requeued(previous, job, by, nowMs, plan);
                }
            }
        }

        foreach (var job in running.Where(j => slurm.Complete && IsSlurm(j) && j.EndMs is null).DistinctBy(j => j.Id))
        {
            SlurmJobIds.TryParse(job.Id, out var jobId, out var run);
            var described = runs.TryGetValue(job.Id, out var r) && (SlurmJobStates.IsActive(r.Job.State) || SlurmJobStates.IsFinished(r.Job.State));
            if (!described && latest.GetValueOrDefault(jobId) <= run)
            {
                plan.End(new JobEnd(job.Id, nowMs, JobState.Ended, Approximate: true, By: JobEndSources.Reconciler), running: true);
            }
        }

        return plan.Build();
    }

    /// <summary>The ids whose stored jobs <see cref="Plan(SlurmSnapshot, IReadOnlyList{Job}, IReadOnlyCollection{Job}, long)"/> needs: every run of every job Slurm describes.</summary>
    public static IReadOnlyCollection<string> IdsToLookUp(SlurmSnapshot slurm)
    {
        ArgumentNullException.ThrowIfNull(slurm);
        return slurm.Squeue.Concat(slurm.Sacct).SelectMany(j => Enumerable.Range(1, j.Run).Select(run => SlurmJobIds.Format(j.JobId, run)))
            .ToHashSet(StringComparer.Ordinal);
    }

    private static void Describe(SqueueJob job, string by, Job? stored, Builder plan)
    {
        var active = SlurmJobStates.IsActive(job.State);
        var end = job.ToEnd(by);
        if ((!active && end is null) || job.Nodes.Count == 0 || job.StartTimeS <= 0)
        {
            return; // pending, or nothing allocated: nothing ran yet
        }

        // Labels the API would refuse are dropped before comparing, so a refused name is not sent again every pass.
        var reported = job.ToJob();
        var badLabels = JobValidation.LabelProblems(reported);
        reported = JobValidation.WithoutLabels(reported, badLabels.Select(l => l.Field));
        if (stored is null)
        {
            if (plan.Start(reported, added: true, badLabels) && end is not null)
            {
                plan.End(end, running: true);
            }

            return;
        }

        if (!JobMergeRules.SameContent(JobMergeRules.Start(stored, reported), stored))
        {
            plan.Start(reported, added: false, badLabels);
        }

        if (end is not null && !JobEndSources.IsSettled(stored))
        {
            plan.End(end, running: stored.EndMs is null);
        }
    }

    // A later run exists, so this one was requeued: its end is unknown to Slurm's snapshot (approximate), at the
    // later run's start at the latest.
    private static void Requeued(Job previous, SqueueJob later, string by, long nowMs, Builder plan)
    {
        if (JobEndSources.IsSettled(previous))
        {
            return;
        }

        var endMs = later.StartTimeS > 0 ? Math.Min(nowMs, later.StartTimeS * 1000) : nowMs;
        plan.End(new JobEnd(previous.Id, previous.EndMs ?? endMs, JobState.Requeued, Approximate: true, By: by), running: previous.EndMs is null);
    }

    // Slurm 22.05 counts a requeue at once: until the requeued run's Epilog is done, squeue lists the job COMPLETING
    // with the next run's number but the ending run's nodes and start. Taken at its word, that would add the next run
    // with the earlier run's start and end the earlier run at its own start. A later run the collector does not hold
    // is therefore not described while it is COMPLETING: if it is the requeue, the next pass sees it PENDING; if it
    // really is that run ending, the next pass sees it finished and adds it with its end.
    private static bool IsRequeueEcho(SqueueJob job, Job? stored) => job.Run > 1 && job.State == "COMPLETING" && stored is null;

    private static bool IsSlurm(Job job) => job.Source == JobSource.Slurm && SlurmJobIds.TryParse(job.Id, out _);

    /// <summary>Collects the plan, checking everything with <see cref="JobValidation"/> as it goes.</summary>
    private sealed class Builder
    {
        private readonly List<Job> _added = [];
        private readonly List<Job> _filled = [];
        private readonly List<JobEnd> _ended = [];
        private readonly List<JobEnd> _refined = [];
        private readonly List<string> _refused = [];

        public bool Start(Job job, bool added, IReadOnlyList<(string Field, string Problem)> droppedLabels)
        {
            _refused.AddRange(droppedLabels.Select(l => $"{job.Id}: {l.Problem} (sent without it)"));
            if (JobValidation.Problems(job) is { Count: > 0 } problems)
            {
                _refused.AddRange(problems.Select(p => $"{job.Id}: {p}"));
                return false;
            }

            (added ? _added : _filled).Add(job);
            return true;
        }

        public void End(JobEnd end, bool running)
        {
            if (JobValidation.Problems(end) is { Count: > 0 } problems)
            {
                _refused.AddRange(problems.Select(p => $"{end.Id}: {p}"));
                return;
            }

            (running ? _ended : _refined).Add(end);
        }

        public ReconcilePlan Build() => new(_added, _filled, _ended, _refined, _refused);
    }
}
