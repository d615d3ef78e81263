using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Slurm;

/// <summary>
/// Catches what the Prolog/Epilog hooks missed (the collector was down, a call timed out): reads the running Slurm
/// jobs from the job store, then <c>squeue --json</c>, and applies <see cref="SlurmReconcilePlanner"/>'s plan through
/// <see cref="IJobSink"/>. The store is read before squeue so that every job it holds was started before the
/// snapshot. A pass whose squeue run or parse fails changes nothing.
/// </summary>
public sealed class SlurmReconciler(IJobSink sink, ISqueueRunner squeue, TimeProvider time, ILogger<SlurmReconciler> log)
{
    /// <summary>A pass of <see cref="RunAsync"/> applied its plan (empty or not).</summary>
    public event Action<ReconcilePlan>? Reconciled;

    /// <summary>A pass of <see cref="RunAsync"/> failed (logged; the loop goes on).</summary>
    public event Action<Exception>? Failed;

    /// <summary>One pass: the plan it applied.</summary>
    /// <exception cref="SqueueException">squeue failed; nothing was changed.</exception>
    /// <exception cref="FormatException">squeue's output could not be read; nothing was changed.</exception>
    public async Task<ReconcilePlan> ReconcileOnceAsync(CancellationToken cancellationToken)
    {
        var running = await sink.ListRunningAsync(JobSource.Slurm, cancellationToken).ConfigureAwait(false);
        var jobs = SqueueJson.Parse(await squeue.RunAsync(cancellationToken).ConfigureAwait(false));
        var plan = SlurmReconcilePlanner.Plan(jobs, running, time.GetUtcNow().ToUnixTimeMilliseconds());
        foreach (var job in plan.Added.Concat(plan.Filled))
        {
            await sink.StartAsync(job, cancellationToken).ConfigureAwait(false);
        }

        foreach (var end in plan.Ended)
        {
            await sink.EndAsync(end, cancellationToken).ConfigureAwait(false);
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
