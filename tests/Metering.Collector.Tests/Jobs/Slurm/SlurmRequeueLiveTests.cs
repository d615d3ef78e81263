using System.Globalization;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Slurm;
using Metering.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// Reconciliation alone (no hook reaches this sink) through a real `scontrol requeue`. Slurm 22.05 counts the restart
/// at once: from the requeue until the requeued run's Epilog is done, squeue lists the job COMPLETING with restart_cnt
/// 1 and the ending run's nodes and start time, as if that were the second run. The stub's Epilog call hangs until the
/// hooks' time bound (2 s), so that window lasts at least that long; the test catches squeue's answer in it and hands
/// exactly that answer to the reconciler, so the window is tested every time, not by chance.
/// </summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmRequeueLiveTests(SlurmFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);
    private readonly InMemoryJobSink _sink = new();

    [Fact]
    public async Task A_requeued_job_becomes_two_runs_and_the_completing_window_adds_no_second_run_with_the_first_ones_start()
    {
        fixture.Stub.Mode = "record";
        var jobId = fixture.Cluster.Submit("-J", "requeued", "--wrap", "sleep 600");
        var (first, second) = (SlurmJobIds.Format(jobId), SlurmJobIds.Format(jobId, 2));
        var text = jobId.ToString(CultureInfo.InvariantCulture);
        try
        {
            fixture.Cluster.WaitForState(jobId, JobTimeout, "RUNNING");
            await Reconciler(Runner()).ReconcileOnceAsync(default);
            var run1Start = _sink[first]!.StartMs;

            fixture.Stub.Mode = "hang";
            Must(fixture.Cluster.Command("scontrol", "requeue", text));
            string? window = null;
            SlurmCluster.WaitUntil(
                () =>
                {
                    var (output, job) = Listing(jobId);
                    window ??= job is { State: "COMPLETING", RestartCount: 1 } ? output : null;
                    return job?.State == "PENDING";
                },
                JobTimeout,
                () => $"job {jobId} to be requeued and pending");
            fixture.Stub.Mode = "record";
            Assert.True(window is not null, "squeue never listed the requeued run COMPLETING, though its Epilog's call held it there for 2 s");

            var plan = await Reconciler(new CannedSqueue(window)).ReconcileOnceAsync(default);

            Assert.Null(_sink[second]);
            Assert.DoesNotContain(plan.Ended.Concat(plan.Refined), e => e.Id == first);
            Assert.Null(_sink[first]!.EndMs);

            await Reconciler(Runner()).ReconcileOnceAsync(default);
            var run1 = _sink[first]!;
            Assert.Equal((JobState.Requeued, true, run1Start), (run1.State, run1.EndApproximate, run1.StartMs));
            Assert.True(run1.EndMs > run1.StartMs, $"the first run ends at its start: {run1.StartMs}-{run1.EndMs}");

            Must(fixture.Cluster.Command("scontrol", "update", $"JobId={text}", "StartTime=now"));
            fixture.Cluster.WaitForState(jobId, JobTimeout, "RUNNING");
            await Reconciler(Runner()).ReconcileOnceAsync(default);
            var run2 = _sink[second]!;
            Assert.Equal(JobState.Running, run2.State);
            Assert.InRange(run2.StartMs, run1.EndMs!.Value - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
        finally
        {
            // Leave nothing behind for the next test: the job's Epilog done and the spooled end of run 1 delivered.
            fixture.Stub.Mode = "record";
            fixture.Cluster.Cancel(jobId);
            for (var wait = System.Diagnostics.Stopwatch.StartNew(); wait.Elapsed < JobTimeout && Listing(jobId).Job is { } j && !SlurmJobStates.IsFinished(j.State);)
            {
                Thread.Sleep(100);
            }

            HookProcess.Run(fixture.Stub, "spool-flush", [], writeEnv: true);
        }
    }

    // squeue's whole answer, and the job in it (null once slurmctld has forgotten it).
    private (string Output, SqueueJob? Job) Listing(long jobId)
    {
        var (_, output, _) = fixture.Cluster.Command("squeue", "--json");
        return (output, SqueueJson.Parse(output).LastOrDefault(j => j.JobId == jobId));
    }

    private SqueueProcessRunner Runner() => new(fixture.Cluster.ConfPath, TimeSpan.FromSeconds(10));

    private SlurmReconciler Reconciler(ISqueueRunner squeue) => new(_sink, squeue, TimeProvider.System, NullLogger<SlurmReconciler>.Instance);

    private static void Must((int ExitCode, string Output, string Error) result) =>
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Output}{result.Error}");

    private sealed class CannedSqueue(string output) : ISqueueRunner
    {
        public Task<string> RunAsync(CancellationToken cancellationToken) => Task.FromResult(output);
    }
}
