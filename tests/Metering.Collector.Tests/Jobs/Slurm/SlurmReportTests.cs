using System.Globalization;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Tests.EndToEnd;
using Metering.Collector.Tests.Reports;
using Metering.Testing;
using static Metering.Collector.Tests.Jobs.Slurm.SlurmEndToEnd;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// `metering report job` by the number Slurm printed, end to end: real jobs through the shipped hooks and the
/// collector's reconciliation into the store, then the real CLI on the collector's data once it has stopped.
/// </summary>
[Collection(SlurmCollectorCollection.Name)]
public sealed class SlurmReportTests(SlurmCollectorFixture fixture) : SlurmCollectorFolders
{
    [Fact]
    public async Task Report_job_with_the_bare_number_sbatch_printed_finds_slurm_n()
    {
        long jobId;
        string id;
        await using (var collector = await StartCollectorAsync(fixture, Data, Spool))
        {
            jobId = fixture.Cluster.Submit("-J", "bare", "-A", "physics", "--wrap", "sleep 1");
            id = SlurmJobIds.Format(jobId);
            Assert.Equal("COMPLETED", fixture.Cluster.WaitForState(jobId, JobTimeout, "COMPLETED", "FAILED", "CANCELLED"));
            await WaitUntilSettledAsync(collector, id, fixture.HookLog);
            await WaitForSummaryAsync(collector, id, r => r.State == "completed");
        }

        var rows = TableText.Rows(Report(Data, "job", jobId.ToString(CultureInfo.InvariantCulture)));

        var row = Assert.Single(rows);
        Assert.Equal((id, "root", "physics", "COMPLETED"), (row["JobID"], row["User"], row["Project"], row["State"]));
    }

    [Fact]
    public async Task An_array_of_3_is_stored_as_3_tasks_with_array_id_and_index_and_reported_by_the_array_number_with_a_total()
    {
        long arrayId;
        List<SqueueJob> tasks;
        await using (var collector = await StartCollectorAsync(fixture, Data, Spool))
        {
            arrayId = fixture.Cluster.Submit("-J", "sweep", "-A", "physics", "--array=0-2", "--wrap", "sleep 2");
            SlurmCluster.WaitUntil(() => Tasks(arrayId).Count == 3 && Tasks(arrayId).All(t => t.State == "COMPLETED"), JobTimeout,
                () => $"the 3 tasks of array {arrayId} to complete: {string.Join(", ", Tasks(arrayId).Select(t => $"{t.JobId} {t.State}"))}\n{fixture.Cluster.Logs()}");
            tasks = [.. Tasks(arrayId).OrderBy(t => t.ArrayTaskId)];
            foreach (var task in tasks)
            {
                var job = await WaitUntilSettledAsync(collector, task.Id, fixture.HookLog);
                Assert.Equal((JobState.Completed, arrayId, task.ArrayTaskId), (job.State, job.ArrayJobId, job.ArrayTaskId));
                Assert.Equal(task.EndTimeS * 1000, job.EndMs);
                Assert.Contains($"metering-prolog: sent: job start --id {task.Id} ", fixture.HookLog(), StringComparison.Ordinal);
                await WaitForSummaryAsync(collector, task.Id, r => r.State == "completed" && r.ArrayJobId == arrayId);
            }
        }

        Assert.Equal(new int?[] { 0, 1, 2 }, tasks.Select(t => t.ArrayTaskId));
        Assert.Equal(3, tasks.Select(t => t.JobId).Distinct().Count());
        var rows = TableText.Rows(Report(Data, "job", arrayId.ToString(CultureInfo.InvariantCulture)));

        Assert.Equal([.. tasks.Select(t => t.Id), "total"], rows.Select(r => r["JobID"]));
        Assert.All(rows.SkipLast(1), r => Assert.Equal(("root", "physics", "COMPLETED"), (r["User"], r["Project"], r["State"])));
        var oneTask = TableText.Rows(Report(Data, "job", SlurmJobIds.ArrayName(arrayId, 1)));
        Assert.Equal(tasks[1].Id, Assert.Single(oneTask)["JobID"]);
    }

    private List<SqueueJob> Tasks(long arrayId) => [.. Squeue(fixture.Cluster).Where(j => j.ArrayJobId == arrayId)];
}
