using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Jobs;

/// <summary>
/// How an ended job's outcome follows from its end reports (<see cref="Job.EndReports"/>), so that the order in which
/// they arrive does not matter: the state (and exit code, signal) of the first report of the highest rank
/// (<see cref="JobEndSources.Rank"/>); the end time of the first exact report of the highest rank among exact ones,
/// else of the first report, marked approximate. A report never moves the end before the start.
/// </summary>
public static class JobOutcome
{
    /// <summary>Most reports a job keeps (one per node of a multi-node job would grow without bound).</summary>
    public const int MaxReports = 8;

    /// <summary>Who an end stored before reports were kept is attributed to.</summary>
    public const string Unknown = "unknown";

    /// <summary>
    /// <paramref name="job"/> (running or ended) after <paramref name="report"/>; the same instance when the report
    /// was already kept. When the job keeps <see cref="MaxReports"/>, a report that would change the outcome takes the
    /// last place and any other is dropped.
    /// </summary>
    public static Job Apply(Job job, JobEndReport report)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(report);
        var reports = ReportsOf(job);
        if (reports.Contains(report))
        {
            return job;
        }

        List<JobEndReport> next = [.. reports, report];
        if (next.Count > MaxReports)
        {
            next.RemoveAt(MaxReports - 1);
            if (SameOutcome(Fold(job, next), Fold(job, reports)))
            {
                return job;
            }
        }

        return Fold(job, next);
    }

    /// <summary>
    /// The reports of <paramref name="job"/>; for a job that ended before reports were kept (an older jobs.db, a job
    /// built in code), one report of what it holds: "ended" by the reconciler (approximate), anything else by
    /// <see cref="Unknown"/>, believed as an observation.
    /// </summary>
    public static IReadOnlyList<JobEndReport> ReportsOf(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.EndReports.Count > 0 || job.EndMs is not { } end)
        {
            return job.EndReports;
        }

        var gone = job.State == JobState.Ended;
        return [new JobEndReport(gone ? JobEndSources.Reconciler : Unknown, job.State, end, job.EndApproximate || gone, job.ExitCode, job.ExitSignal)];
    }

    private static Job Fold(Job job, IReadOnlyList<JobEndReport> reports)
    {
        var ranked = reports.Select((r, i) => (Report: r, Order: i, Rank: JobEndSources.Rank(r.By)))
            .OrderByDescending(r => r.Rank).ThenBy(r => r.Order).Select(r => r.Report).ToList();
        var decider = ranked[0];
        var end = ranked.FirstOrDefault(r => !r.Approximate) ?? reports[0];
        return job with
        {
            State = decider.State,
            ExitCode = ranked.FirstOrDefault(r => r.ExitCode is not null)?.ExitCode,
            ExitSignal = ranked.FirstOrDefault(r => r.ExitSignal is not null)?.ExitSignal,
            EndMs = Math.Max(end.EndMs, job.StartMs),
            EndApproximate = end.Approximate,
            EndReports = reports,
        };
    }

    private static bool SameOutcome(Job a, Job b) =>
        (a.State, a.ExitCode, a.ExitSignal, a.EndMs, a.EndApproximate) == (b.State, b.ExitCode, b.ExitSignal, b.EndMs, b.EndApproximate);
}
