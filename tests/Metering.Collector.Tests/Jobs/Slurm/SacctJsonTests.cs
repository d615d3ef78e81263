using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Slurm;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// sacct --json in 22.05's layout (samples/sacct-22.05.json, constructed from Slurm's source: the README there says
/// why it is not captured), read as the same records squeue gives, and a reconciler pass that uses it.
/// </summary>
public sealed class SacctJsonTests
{
    private const long T = 1796673000;

    private static readonly IReadOnlyList<SqueueJob> Sample =
        SacctJson.Parse(File.ReadAllText(Repo.Path("tests/Metering.Collector.Tests/Jobs/Slurm/samples/sacct-22.05.json")));

    [Theory]
    [InlineData("slurm:20", JobState.Completed, 0, 0)]
    [InlineData("slurm:21", JobState.Requeued, 0, 15)]
    [InlineData("slurm:21:run2", JobState.Completed, 0, 0)]
    [InlineData("slurm:24", JobState.Timeout, 0, 15)]
    [InlineData("slurm:25", JobState.Failed, 3, 0)]
    [InlineData("slurm:27", JobState.Cancelled, 0, 15)]
    public void Each_run_ends_as_sacct_recorded_it(string id, JobState state, int exitCode, int signal)
    {
        var end = Sample.Single(j => j.Id == id).ToEnd(JobEndSources.Sacct)!;

        Assert.Equal((state, exitCode, signal, false), (end.State, end.ExitCode, end.ExitSignal, end.Approximate));
    }

    [Fact]
    public void A_record_holds_its_times_node_cpus_and_no_gpu_indices()
    {
        var job = Sample.Single(j => j.Id == "slurm:20").ToJob();

        Assert.Equal((T * 1000, "train", "alice", "physics"), (job.StartMs, job.Name, job.User, job.Project));
        var allocation = Assert.Single(job.Allocations);
        Assert.Equal(("mnode1", 2), (allocation.NodeId, allocation.CpuCores));
        Assert.Empty(allocation.GpuIndices);
        Assert.Equal((T + 60) * 1000, Sample.Single(j => j.Id == "slurm:20").ToEnd(JobEndSources.Sacct)!.EndMs);
    }

    [Fact]
    public void Array_tasks_keep_their_array_and_index_and_other_jobs_have_none()
    {
        Assert.Equal([(22L, 0), (22L, 1)], Sample.Where(j => j.ArrayJobId is not null).OrderBy(j => j.ArrayTaskId).Select(j => (j.ArrayJobId!.Value, j.ArrayTaskId!.Value)));
        Assert.Null(Sample.Single(j => j.Id == "slurm:20").ToJob().ArrayJobId);
    }

    [Fact]
    public void A_pending_record_has_no_start_and_no_nodes()
    {
        var pending = Sample.Single(j => j.JobId == 26);

        Assert.Equal((0L, 0), (pending.StartTimeS, pending.Nodes.Count));
    }

    [Theory]
    [InlineData("{\"jobs\": 1}", "no \"jobs\" array")]
    [InlineData("{\"errors\": [{\"error\": \"slurmdbd down\"}], \"jobs\": []}", "reported errors")]
    [InlineData("not json", "not JSON")]
    public void Output_that_is_not_sacct_json_is_refused(string output, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => SacctJson.Parse(output)).Message, StringComparison.Ordinal);

    [Fact]
    public void Sacct_is_asked_in_utc_for_every_run_since_the_window_start() =>
        Assert.Equal(["--json", "--duplicates", "--allusers", "--starttime", "2026-12-07T19:10:00", "--endtime", "now"],
            SacctProcessRunner.Arguments(1_796_670_600_000));

    [Fact]
    public async Task A_pass_ends_a_job_squeue_forgot_with_saccts_record_and_adds_what_ran_while_the_collector_was_down()
    {
        var sink = new InMemoryJobSink();
        await sink.StartAsync(new Job { Id = "slurm:24", Source = JobSource.Slurm, StartMs = T * 1000, Allocations = [new JobAllocation("mnode1", [0], 1)] }, default);
        var window = new SacctWindow(new CannedSacct(), TimeSpan.FromHours(24), TimeSpan.FromMinutes(3));
        var reconciler = new SlurmReconciler(sink, new CannedSqueue(), TimeProvider.System, NullLogger<SlurmReconciler>.Instance, window);

        var plan = await reconciler.ReconcileOnceAsync(default);

        Assert.Equal((JobState.Timeout, false, 15), (sink["slurm:24"]!.State, sink["slurm:24"]!.EndApproximate, sink["slurm:24"]!.ExitSignal));
        Assert.Equal(["slurm:20", "slurm:21", "slurm:21:run2", "slurm:22", "slurm:23", "slurm:25", "slurm:27"], plan.Added.Select(j => j.Id).Order());
        Assert.Equal(JobState.Requeued, sink["slurm:21"]!.State);
        Assert.Equal((22L, 1), (sink["slurm:23"]!.ArrayJobId!.Value, sink["slurm:23"]!.ArrayTaskId!.Value));
        Assert.True((await reconciler.ReconcileOnceAsync(default)).IsEmpty);
    }

    private sealed class CannedSqueue : ISqueueRunner
    {
        public Task<string> RunAsync(CancellationToken cancellationToken) => Task.FromResult("{\"jobs\": []}");
    }

    private sealed class CannedSacct : ISacctRunner
    {
        public Task<string> RunAsync(long sinceMs, CancellationToken cancellationToken) =>
            Task.FromResult(File.ReadAllText(Repo.Path("tests/Metering.Collector.Tests/Jobs/Slurm/samples/sacct-22.05.json")));
    }
}
