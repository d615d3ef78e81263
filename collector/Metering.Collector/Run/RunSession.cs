using System.Diagnostics;

namespace Metering.Collector.Run;

/// <summary>What <c>metering run</c> was asked to do.</summary>
/// <param name="Job">The job to register (its start is set when the command starts).</param>
/// <param name="Command">The command to run.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Wait">How long to wait, after the command ended, for the job's energy to be attributed.</param>
public sealed record RunRequest(RunJob Job, string Command, IReadOnlyList<string> Arguments, TimeSpan Wait);

/// <summary>
/// <c>metering run</c>: registers the job, runs the command (exit code passed through, 127 when it cannot start),
/// ends the job (completed, failed, or cancelled when a SIGINT or SIGTERM was passed on), waits until the collector
/// has attributed the job's time, and prints its energy to stderr. Without a collector the command still runs and
/// its exit code still passes through; a warning says why nothing was accounted.
/// </summary>
public sealed class RunSession(RunRequest request, RunJobCalls api, TextWriter error, TimeProvider time)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Runs it all; returns the command's exit code.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (ChildCommand.CannotRun(request.Command) is { } cannot)
        {
            error.WriteLine("metering: " + cannot + " (no job registered)");
            return ChildCommand.CannotStart;
        }

        var job = request.Job with { StartMs = Now() };
        var registered = await TryAsync(() => api.StartAsync(job, cancellationToken), "the command runs without energy accounting").ConfigureAwait(false);
        var (exitCode, signalled, startError) = await ChildCommand.RunAsync(request.Command, request.Arguments).ConfigureAwait(false);
        if (startError is not null)
        {
            error.WriteLine("metering: " + startError);
        }

        if (!registered)
        {
            return exitCode;
        }

        var endMs = Math.Max(Now(), job.StartMs + 1);
        var state = exitCode == 0 ? "completed" : signalled ? "cancelled" : "failed";
        if (await TryAsync(() => api.EndAsync(job.Id, endMs, state, cancellationToken), $"job {job.Id} stays open until the collector learns its end").ConfigureAwait(false))
        {
            await ReportAsync(job, endMs, cancellationToken).ConfigureAwait(false);
        }

        return exitCode;
    }

    /// <summary>
    /// Polls the job until its summary covers its end and is complete (full coverage, or the node measured past the end
    /// and the summary did not change since the previous poll), or until the wait is over; prints what it has.
    /// </summary>
    private async Task ReportAsync(RunJob job, long endMs, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        RunSummary? previous = null;
        RunSummary? summary = null;
        try
        {
            while (watch.Elapsed < request.Wait)
            {
                summary = await api.SummaryAsync(job.Id, cancellationToken).ConfigureAwait(false);
                if (summary is not null && summary.DurationMs >= endMs - job.StartMs
                    && (summary.Coverage >= 0.999 || (summary == previous && await api.NodeMeasuredAfterAsync(job.NodeId, endMs, cancellationToken).ConfigureAwait(false))))
                {
                    error.WriteLine(summary.Describe(job.Id, job.NodeId));
                    return;
                }

                previous = summary;
                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JobApiException ex)
        {
            error.WriteLine($"metering: warning: {ex.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        error.WriteLine(summary is null
            ? $"metering: job {job.Id}: no energy attributed yet (waited {watch.Elapsed.TotalSeconds:F0} s; is node {job.NodeId} metered and in the inventory?). See it later: metering report job {job.Id}"
            : summary.Describe(job.Id, job.NodeId) + $" (incomplete after {watch.Elapsed.TotalSeconds:F0} s: the collector has not attributed the job's last interval yet)");
    }

    private async Task<bool> TryAsync(Func<Task> call, string consequence)
    {
        try
        {
            await call().ConfigureAwait(false);
            return true;
        }
        catch (JobApiException ex)
        {
            error.WriteLine($"metering: warning: {ex.Message}; {consequence}");
            return false;
        }
    }

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
