using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Slurm;

/// <summary>
/// Catches what the Prolog/Epilog hooks missed and corrects what they could not know: reads the running Slurm jobs
/// from the job store, then <c>squeue --json</c> (and <c>sacct --json</c> where an accounting database exists), looks
/// up the stored runs Slurm describes, and applies <see cref="SlurmReconcilePlanner"/>'s plan through
/// <see cref="IJobSink"/>. The store's running jobs are read before squeue so that every one of them was started
/// before the snapshot. A pass whose squeue run or parse fails changes nothing; a failed sacct is logged and the pass
/// goes on without it (ending no job for being missing).
/// </summary>
public sealed class SlurmReconciler(IJobSink sink, ISqueueRunner squeue, TimeProvider time, ILogger<SlurmReconciler> log, SacctWindow? sacct = null)
{
    /// <summary>A pass of <see cref="RunAsync"/> applied its plan (empty or not).</summary>
    public event Action<ReconcilePlan>? Reconciled;

    /// <summary>A pass of <see cref="RunAsync"/> failed (logged; the loop goes on).</summary>
    public event Action<Exception>? Failed;

    /// <summary>sacct failed in a pass (logged; the pass went on with squeue alone).</summary>
    public event Action<Exception>? SacctFailed;

    /// <summary>One pass: the plan it applied.</summary>
    /// <exception cref="SqueueException">squeue failed; nothing was changed.</exception>
    /// <exception cref="FormatException">squeue's output could not be read; nothing was changed.</exception>
    public async Task<ReconcilePlan> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        var running = await sink.ListRunningAsync(JobSource.Slurm, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var listed = SqueueJson.Parse(await squeue.RunAsync(cancellationToken).ConfigureAwait(false));
        var snapshot = new SlurmSnapshot(listed, []);
        if (sacct is not null)
        {
            try
            {
                snapshot = snapshot with { Sacct = SacctJson.Parse(await sacct.RunAsync(now, cancellationToken).ConfigureAwait(false)) };
            }
            catch (Exception e) when (e is SqueueException or FormatException)
            {
                log.LogWarning("Slurm reconciliation goes on without sacct: {Reason}", e.Message);
                SacctFailed?.Invoke(e);
                snapshot = snapshot with { Complete = false };
            }
        }

        var known = await sink.FindAsync(SlurmReconcilePlanner.IdsToLookUp(snapshot), cancellationToken).ConfigureAwait(false);
        var plan = SlurmReconcilePlanner.Plan(snapshot, running, known, now);
        foreach (var refusal in plan.Refused)
        {
            log.LogWarning("Slurm reconciliation refused {Refusal}", refusal);
        }

        foreach (var job in plan.Added.Concat(plan.Filled))
        {
            await sink.StartAsync(job, cancellationToken).ConfigureAwait(false);
        }

        foreach (var end in plan.Ended.Concat(plan.Refined))
        {
            await sink.EndAsync(end, cancellationToken).ConfigureAwait(false);
        }

        if (sacct is not null && snapshot.Complete)
        {
            sacct.Answered(now);
        }

        return plan;
    }

    /// <summary>
    /// Reconciles now and then every <paramref name="interval"/> until <paramref name="cancellationToken"/> is
    /// cancelled, then returns. A failed pass (squeue, its output, or the job store) is logged and the next one runs
    /// on time.
    /// </summary>
    public async Task RunAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                var plan = await ReconcileOnceAsync(cancellationToken).ConfigureAwait(false);
                if (!plan.IsEmpty)
                {
                    log.LogInformation("Slurm reconciliation: {Plan}", plan);
                }

                Reconciled?.Invoke(plan);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SqueueException or FormatException)
            {
                log.LogWarning("Slurm reconciliation skipped: {Reason}", e.Message);
                Failed?.Invoke(e);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The job store failed part-way: the plan is idempotent, so the next pass finishes it.
                log.LogError(e, "Slurm reconciliation failed");
                Failed?.Invoke(e);
            }
        }
        while (await WaitAsync(timer, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
