using Metering.Collector.Jobs.Slurm;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Metering.Collector.Slurm;

/// <summary>
/// The Slurm reconciler as <c>metering serve</c> runs it (section <c>Slurm</c>): <see cref="SlurmReconciler"/> over
/// the real <c>squeue --json</c> against the job store, every <see cref="SlurmSettings.IntervalSeconds"/>. Passes and
/// the jobs they changed are counted in /metrics; a failed pass is logged and counted, and never stops the collector.
/// </summary>
public sealed class SlurmJobSource
{
    private readonly SlurmReconciler _reconciler;
    private readonly TimeSpan _interval;

    /// <summary>Creates the source; its counters go on <paramref name="registry"/> (the collector's /metrics).</summary>
    public SlurmJobSource(SlurmSettings options, IJobSink store, CollectorRegistry registry, ILoggerFactory logs, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logs);
        var timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        var squeue = new SqueueProcessRunner(options.Conf, timeout, options.Squeue);
        var sacct = options.Sacct is null ? null : new SacctWindow(new SacctProcessRunner(options.Conf, timeout, options.Sacct),
            TimeSpan.FromHours(options.SacctLookbackHours), TimeSpan.FromSeconds(2 * options.IntervalSeconds + 60));
        _reconciler = new SlurmReconciler(store, squeue, time, logs.CreateLogger<SlurmReconciler>(), sacct);
        _interval = TimeSpan.FromSeconds(options.IntervalSeconds);
        var f = Metrics.WithCustomRegistry(registry);
        var passes = f.CreateCounter("metering_slurm_reconcile_passes_total", "Slurm reconciliation passes, by outcome (ok, failed: squeue failed or printed something unreadable, or the job store failed).", "outcome");
        var jobs = f.CreateCounter("metering_slurm_reconcile_jobs_total",
            "Slurm jobs a reconciliation pass changed, by change (added: missed by the Prolog, or run entirely while the collector was away; filled; "
            + "ended: missed by the Epilog; refined: an end Slurm's record corrected or confirmed; refused: not sent, the API would refuse it).", "change");
        var sacctFailures = f.CreateCounter("metering_slurm_sacct_failures_total", "Reconciliation passes in which sacct failed (the pass went on with squeue alone, ending no job for being missing).");
        sacctFailures.Inc(0);
        foreach (var (counter, label) in new[] { (passes, "ok"), (passes, "failed"), (jobs, "added"), (jobs, "filled"), (jobs, "ended"), (jobs, "refined"), (jobs, "refused") })
        {
            counter.WithLabels(label).Inc(0); // exported as 0 from the start, so a rate() or an alert has a series
        }

        _reconciler.Reconciled += plan =>
        {
            passes.WithLabels("ok").Inc();
            jobs.WithLabels("added").Inc(plan.Added.Count);
            jobs.WithLabels("filled").Inc(plan.Filled.Count);
            jobs.WithLabels("ended").Inc(plan.Ended.Count);
            jobs.WithLabels("refined").Inc(plan.Refined.Count);
            jobs.WithLabels("refused").Inc(plan.Refused.Count);
        };
        _reconciler.SacctFailed += _ => sacctFailures.Inc();
        _reconciler.Failed += _ => passes.WithLabels("failed").Inc();
    }

    /// <summary>Reconciles now and every interval until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _reconciler.RunAsync(_interval, cancellationToken);
}
