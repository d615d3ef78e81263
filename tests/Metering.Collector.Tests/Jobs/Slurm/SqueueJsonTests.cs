using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>squeue --json as captured from a real Slurm 22.05.8 (samples/README.md says how), mapped to jobs.</summary>
public sealed class SqueueJsonTests
{
    private static readonly IReadOnlyList<SqueueJob> Sample =
        SqueueJson.Parse(File.ReadAllText(Repo.Path("tests/Metering.Collector.Tests/Jobs/Slurm/samples/squeue-22.05.json")));

    private static SqueueJob SampleJob(long id) => Sample.Single(j => j.JobId == id);

    [Fact]
    public void Every_job_slurmctld_remembers_is_listed_in_order()
    {
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7], Sample.Select(j => j.JobId));
        Assert.Equal(["RUNNING", "CANCELLED", "RUNNING", "COMPLETED", "RUNNING", "FAILED", "PENDING"], Sample.Select(j => j.State));
    }

    [Fact]
    public void A_running_gpu_job_maps_to_a_running_job_with_its_gpus_cpus_user_account_and_name()
    {
        var job = SampleJob(5).ToJob();

        Assert.Equal("slurm:5", job.Id);
        Assert.Equal(JobSource.Slurm, job.Source);
        Assert.Equal("train-llm", job.Name);
        Assert.Equal("root", job.User);
        Assert.Equal("physics", job.Project);
        Assert.Equal(JobState.Running, job.State);
        Assert.Equal(1795987551_000, job.StartMs);
        Assert.Null(job.EndMs); // end_time of a running job is start + time limit, not an end
        var allocation = Assert.Single(job.Allocations);
        Assert.Equal(("mnode1", 2), (allocation.NodeId, allocation.CpuCores));
        Assert.Equal([1, 3], allocation.GpuIndices);
    }

    [Theory]
    [InlineData(2, JobState.Cancelled, 1795987545_000, 0, 15)]
    [InlineData(4, JobState.Completed, 1795987548_000, 0, 0)]
    [InlineData(6, JobState.Failed, 1795987554_000, 3, 0)]
    public void A_finished_job_keeps_its_node_real_end_and_exit_status_but_squeue_no_longer_has_its_gpus(long id, JobState state, long endMs, int exitCode, int signal)
    {
        var listed = SampleJob(id);
        var job = listed.ToJob();

        Assert.Equal(new JobEnd(job.Id, endMs, state, Approximate: false, By: JobEndSources.Squeue, ExitCode: exitCode, ExitSignal: signal), listed.ToEnd(JobEndSources.Squeue));
        var allocation = Assert.Single(job.Allocations);
        Assert.Equal(("mnode1", 1), (allocation.NodeId, allocation.CpuCores));
        Assert.Empty(allocation.GpuIndices);
    }

    [Fact]
    public void A_pending_job_has_no_nodes_and_no_start()
    {
        var job = SampleJob(7);

        Assert.Equal(("waits", 0L), (job.Name, job.StartTimeS));
        Assert.Empty(job.Nodes);
    }

    [Fact]
    public void An_empty_account_is_no_project()
    {
        Assert.Null(SampleJob(1).ToJob().Project);
        Assert.Equal([0], SampleJob(1).ToJob().Allocations[0].GpuIndices);
    }

    [Theory]
    [InlineData("", "not JSON")]
    [InlineData("squeue: error: Unable to contact slurm controller", "not JSON")]
    [InlineData("{\"meta\":{}}", "no \"jobs\" array")]
    [InlineData("[]", "no \"jobs\" array")]
    [InlineData("{\"errors\":[{\"error\":\"boom\"}],\"jobs\":[]}", "reported errors")]
    [InlineData("{\"jobs\":[{\"name\":\"no id\"}]}", "no job_id")]
    public void Output_that_is_not_a_job_list_is_refused(string output, string reason)
    {
        var e = Assert.Throws<FormatException>(() => SqueueJson.Parse(output));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_job_list_is_a_valid_snapshot() => Assert.Empty(SqueueJson.Parse("{\"errors\":[],\"jobs\":[]}"));

    [Fact]
    public void Later_versions_number_objects_and_state_lists_are_read()
    {
        const string json = """
            {"jobs":[{"job_id":{"set":true,"infinite":false,"number":42},"job_state":["RUNNING","COMPLETING"],
              "name":"n","user_name":"u","account":"a","partition":"p","cpus":{"set":true,"number":4},
              "start_time":{"set":true,"infinite":false,"number":1700000000},"end_time":{"set":true,"infinite":true,"number":0},
              "nodes":"gpu[01-02]","gres_detail":["gpu:a100:2(IDX:0-1)","gpu:(IDX:2,3)"]}]}
            """;

        var job = Assert.Single(SqueueJson.Parse(json));

        Assert.Equal((42L, "RUNNING", 1700000000L, 0L, 4), (job.JobId, job.State, job.StartTimeS, job.EndTimeS, job.Cpus));
        Assert.Equal(["gpu01", "gpu02"], job.Nodes.Select(n => n.Name));
        Assert.Equal([2, 2], job.Nodes.Select(n => n.Cpus));
        Assert.Equal([0, 1], job.Nodes[0].GpuIndices);
        Assert.Equal([2, 3], job.Nodes[1].GpuIndices);
    }

    [Fact]
    public void Cpus_per_node_follow_the_allocated_cores_of_each_node()
    {
        const string json = """
            {"jobs":[{"job_id":9,"job_state":"RUNNING","cpus":12,"start_time":1,"nodes":"a,b",
              "job_resources":{"allocated_nodes":[
                {"nodename":"a","sockets":{"0":{"cores":{"0":"allocated","1":"allocated"}},"1":{"cores":{"8":"allocated","9":"unallocated"}}}},
                {"nodename":"b","sockets":{"0":{"cores":{"3":"allocated"}}}}]},
              "gres_detail":["gpu:1(IDX:7)","gpu:0(IDX:N/A)"]}]}
            """;

        var nodes = Assert.Single(SqueueJson.Parse(json)).Nodes;

        Assert.Equal([("a", 9), ("b", 3)], nodes.Select(n => (n.Name, n.Cpus)));
        Assert.Equal([7], nodes[0].GpuIndices);
        Assert.Empty(nodes[1].GpuIndices);
    }

    [Fact]
    public void An_array_task_and_a_requeued_run_are_named_as_the_collector_keeps_them()
    {
        const string json = """
            {"jobs":[
              {"job_id":4,"array_job_id":3,"array_task_id":1,"restart_cnt":0,"job_state":"RUNNING","cpus":1,"start_time":1,"nodes":"n1"},
              {"job_id":9,"array_job_id":0,"array_task_id":null,"restart_cnt":2,"job_state":"RUNNING","cpus":1,"start_time":1,"nodes":"n1"}]}
            """;

        var jobs = SqueueJson.Parse(json);

        Assert.Equal(("slurm:4", 3L, 1), (jobs[0].ToJob().Id, jobs[0].ToJob().ArrayJobId, jobs[0].ToJob().ArrayTaskId));
        Assert.Equal(("slurm:9:run3", (long?)null), (jobs[1].ToJob().Id, jobs[1].ToJob().ArrayJobId));
    }

    [Theory]
    [InlineData("768", 3, 0)]
    [InlineData("15", 0, 15)]
    [InlineData("""{"status":["EXITED"],"return_code":{"set":true,"infinite":false,"number":2},"signal":{"id":{"set":false,"infinite":false,"number":0},"name":""}}""", 2, 0)]
    [InlineData("""{"status":["SIGNALED"],"return_code":{"set":false,"infinite":false,"number":0},"signal":{"id":{"set":true,"infinite":false,"number":9},"name":"KILL"}}""", 0, 9)]
    public void The_exit_status_of_a_finished_job_is_read_from_22_05s_wait_status_or_23_02s_object(string exitCode, int code, int signal)
    {
        var json = $$"""{"jobs":[{"job_id":6,"job_state":"FAILED","cpus":1,"start_time":1,"end_time":2,"nodes":"n1","exit_code":{{exitCode}}}]}""";

        var job = Assert.Single(SqueueJson.Parse(json));

        Assert.Equal((code, signal), (job.ExitCode, job.ExitSignal));
    }
}
