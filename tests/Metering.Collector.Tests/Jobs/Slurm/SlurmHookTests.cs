using System.Diagnostics;
using System.Globalization;
using Metering.Collector.Jobs.Slurm;
using Metering.Testing;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>The shipped Prolog/Epilog scripts, run by a real slurmd for real jobs, with a stub `metering`.</summary>
[Collection(SlurmCollection.Name)]
public sealed class SlurmHookTests(SlurmFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public void A_gpu_job_is_reported_started_with_its_node_gpus_user_and_account_then_ended()
    {
        fixture.Stub.Mode = "record";
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var jobId = fixture.Cluster.Submit("--gres=gpu:2", "-c", "2", "-A", "physics", "-J", "hooks",
            "--wrap", "echo cvd=$CUDA_VISIBLE_DEVICES; sleep 1");

        Assert.Equal("COMPLETED", fixture.Cluster.WaitForState(jobId, JobTimeout, "COMPLETED", "FAILED", "CANCELLED"));
        var calls = fixture.Stub.CallsFor(SlurmJobIds.Format(jobId));
        Assert.Equal(["job start", "job end"], calls.Select(c => c.Verb));

        var start = calls[0];
        var visibleToJob = fixture.Cluster.JobOutput(jobId).Trim().Replace("cvd=", "", StringComparison.Ordinal);
        Assert.Equal("slurm", start.Option("--source"));
        Assert.Equal(fixture.Cluster.NodeName, start.Option("--node"));
        Assert.Equal(visibleToJob, start.Option("--gpus"));
        Assert.Equal(2, visibleToJob.Split(',').Length);
        Assert.Equal("2", start.Option("--cpus"));
        Assert.Equal("root", start.Option("--user"));
        Assert.Equal("physics", start.Option("--project"));
        var startMs = long.Parse(start.Option("--start-ms")!, CultureInfo.InvariantCulture);
        Assert.InRange(startMs, before - 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        var end = calls[1];
        Assert.Equal("completed", end.Option("--state"));
        Assert.InRange(long.Parse(end.Option("--end-ms")!, CultureInfo.InvariantCulture), startMs + 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        // The URL and token travel in the environment, never on the command line (visible in ps).
        Assert.All(calls, c => Assert.Equal((MeteringStub.Url, MeteringStub.Token, MeteringStub.CaFile), (c.Url, c.Token, c.CaFile)));
        Assert.DoesNotContain(calls.SelectMany(c => c.Arguments), a => a.Contains(MeteringStub.Token, StringComparison.Ordinal));
    }

    [Fact]
    public void A_job_that_exits_non_zero_is_reported_failed()
    {
        fixture.Stub.Mode = "record";
        var jobId = fixture.Cluster.Submit("--gres=gpu:1", "--wrap", "exit 3");

        Assert.Equal("FAILED", fixture.Cluster.WaitForState(jobId, JobTimeout, "COMPLETED", "FAILED"));
        var end = Assert.Single(fixture.Stub.CallsFor(SlurmJobIds.Format(jobId)), c => c.Verb == "job end");
        Assert.Equal("failed", end.Option("--state"));
    }

    [Theory]
    [InlineData("fail", "failed (rc 1)")]
    [InlineData("hang", "timed out after 2s (rc 124)")]
    public void A_failing_or_hanging_metering_neither_fails_the_job_nor_drains_the_node_and_the_calls_wait_in_the_spool(string mode, string logged)
    {
        fixture.Stub.Mode = mode;
        try
        {
            var clock = Stopwatch.StartNew();
            var jobId = fixture.Cluster.Submit("--gres=gpu:1", "--wrap", "sleep 1");
            var id = SlurmJobIds.Format(jobId);

            Assert.Equal("COMPLETED", fixture.Cluster.WaitForState(jobId, JobTimeout, "COMPLETED", "FAILED", "CANCELLED"));
            // Prolog and Epilog each wait at most the timeout (2 s) plus timeout's 1 s kill grace: the Epilog's one try
            // is the replay of the Prolog's spooled start, and its own end then waits behind it.
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1 + (2 * (MeteringStub.TimeoutSeconds + 1)) + 8));
            SlurmCluster.WaitUntil(() => fixture.Stub.HookLog().Contains($"metering-epilog: spooled behind 1 waiting: job end --id {id} ", StringComparison.Ordinal),
                JobTimeout, () => $"the epilog did not spool the end of {id}:\n{fixture.Stub.HookLog()}");
            Assert.Equal(["job start", "job start"], fixture.Stub.CallsFor(id).Select(c => c.Verb));
            // Not drained or down (other tests' jobs may still be ending, so idle, mixed, allocated or completing).
            Assert.Contains(fixture.Cluster.NodeState(), new[] { "idle", "mix", "alloc", "comp" });
            Assert.Equal("", fixture.Cluster.NodeReason());
            Assert.Contains($"metering-prolog: {logged}, spooled: job start --id {id} ", fixture.Stub.HookLog(), StringComparison.Ordinal);

            fixture.Stub.Mode = "record";
            HookProcess.Run(fixture.Stub, "spool-flush", [], writeEnv: true);

            Assert.Equal(["job start", "job start", "job start", "job end"], fixture.Stub.CallsFor(id).Select(c => c.Verb));
            Assert.Empty(fixture.Stub.Spooled());
        }
        finally
        {
            fixture.Stub.Mode = "record";
        }
    }
}
