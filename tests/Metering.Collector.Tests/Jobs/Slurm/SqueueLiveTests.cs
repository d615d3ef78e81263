using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Slurm;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>The real squeue --json of the fixture's Slurm, read by the real runner and parser.</summary>
[Collection(SlurmCollection.Name)]
public sealed class SqueueLiveTests(SlurmFixture fixture)
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task A_running_gpu_job_parses_into_the_job_slurm_describes()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var jobId = Submit("--gres=gpu:2", "-c", "2", "-A", "physics", "-J", "live-train");
        try
        {
            var job = await Listed(jobId);

            Assert.Equal(SlurmJobIds.Format(jobId), job.Id);
            Assert.Equal(("live-train", "root", "physics", JobState.Running), (job.Name, job.User, job.Project, job.State));
            Assert.InRange(job.StartMs, (before - 1) * 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            Assert.Null(job.EndMs);
            var allocation = Assert.Single(job.Allocations);
            Assert.Equal((fixture.Cluster.NodeName, 2), (allocation.NodeId, allocation.CpuCores));
            Assert.Equal(VisibleGpus(jobId), allocation.GpuIndices);
            Assert.Equal(ScontrolGpus(jobId), allocation.GpuIndices);
        }
        finally
        {
            fixture.Cluster.Cancel(jobId);
        }
    }

    [Fact]
    public async Task Gpus_left_between_other_jobs_parse_as_a_non_contiguous_list()
    {
        var holders = new[] { Submit("--gres=gpu:1", "-J", "hold"), Submit("--gres=gpu:1", "-J", "hold"), Submit("--gres=gpu:1", "-J", "hold") };
        var jobs = new List<long>(holders);
        try
        {
            foreach (var holder in holders)
            {
                fixture.Cluster.WaitForState(holder, JobTimeout, "RUNNING");
            }

            // Free the GPU of the second holder: a 2-GPU job then gets it and the fourth, which are not adjacent.
            var freed = (await Listed(holders[1])).Allocations[0].GpuIndices.Single();
            fixture.Cluster.Cancel(holders[1]);
            fixture.Cluster.WaitForState(holders[1], JobTimeout, "CANCELLED");
            var pair = Submit("--gres=gpu:2", "-J", "pair");
            jobs.Add(pair);

            var gpus = (await Listed(pair)).Allocations[0].GpuIndices;

            Assert.Equal(VisibleGpus(pair), gpus);
            Assert.Contains(freed, gpus);
            Assert.Equal(2, gpus.Count);
            Assert.NotEqual(gpus[0] + 1, gpus[1]);
        }
        finally
        {
            jobs.ForEach(fixture.Cluster.Cancel);
        }
    }

    private long Submit(params string[] arguments) =>
        fixture.Cluster.Submit([.. arguments, "--wrap", "echo cvd=$CUDA_VISIBLE_DEVICES; sleep 60"]);

    // Waits until the job runs and has printed its CUDA_VISIBLE_DEVICES, then reads squeue --json.
    private async Task<Job> Listed(long jobId)
    {
        fixture.Cluster.WaitForState(jobId, JobTimeout, "RUNNING");
        Metering.Testing.SlurmCluster.WaitUntil(() => fixture.Cluster.JobOutput(jobId).Contains('\n'), JobTimeout, () => $"job {jobId} printed nothing");
        var json = await new SqueueProcessRunner(fixture.Cluster.ConfPath, TimeSpan.FromSeconds(10)).RunAsync(default);
        return SqueueJson.Parse(json).Single(j => j.JobId == jobId).ToJob();
    }

    private int[] VisibleGpus(long jobId) =>
        fixture.Cluster.JobOutput(jobId).Trim().Replace("cvd=", "", StringComparison.Ordinal).Split(',').Select(int.Parse).ToArray();

    // scontrol -d -o show job prints " GRES=gpu:2(IDX:0-1) " per node (22.05 has no scontrol --json).
    private IReadOnlyList<int> ScontrolGpus(long jobId)
    {
        var line = fixture.Cluster.Command("scontrol", "-d", "-o", "show", "job", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Output;
        var gres = line.Split(' ').Single(f => f.StartsWith("GRES=", StringComparison.Ordinal));
        return GresDetail.GpuIndices(gres["GRES=".Length..]);
    }
}
