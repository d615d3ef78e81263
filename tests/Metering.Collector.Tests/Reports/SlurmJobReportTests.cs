using Metering.Collector.Attribution;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Points;
using Metering.Collector.Storage;

namespace Metering.Collector.Tests.Reports;

/// <summary>
/// `metering report job` names Slurm jobs as people do: a bare number finds slurm:N with its later runs and, for an
/// array, every task; "N_T" finds one task; an end the collector only noticed is flagged end_approximate.
/// </summary>
public sealed class SlurmJobReportTests : IAsyncLifetime
{
    private const long T0 = 1_740_000_000_000;
    private readonly Storage.TempFolder _dir = new();

    public async Task InitializeAsync()
    {
        Job[] jobs =
        [
            Ended(Slurm(3, arrayTask: 2), T0 + 60_000, JobState.Completed),   // Slurm gave task 3_2 the array's own id
            Ended(Slurm(4, arrayTask: 0), T0 + 60_000, JobState.Failed, exitCode: 3),
            Ended(Slurm(5, arrayTask: 1), T0 + 60_000, JobState.Completed),
            Ended(Slurm(9), T0 + 5_000, JobState.Requeued),
            Slurm(9, run: 2),
            Ended(Slurm(12), T0 + 62_000, JobState.Ended, approximate: true),
            new Job { Id = "31", Source = JobSource.Api, StartMs = T0, Allocations = [new JobAllocation("n1", [], 0)] },
        ];
        var buffer = new LineProtocolBuffer();
        buffer.AppendRange([.. jobs.Select(j => AttributionPoints.JobSummaryPoint(j, JobSummary.Fold(j, [], T0 + 120_000)))]);
        using var sink = new SqliteSink(new SqliteSinkSettings { Path = _dir.File("store.db") });
        await sink.WriteAsync(buffer.Written, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("3", "slurm:4 slurm:5 slurm:3")]
    [InlineData("3_1", "slurm:5")]
    [InlineData("slurm:3_1", "slurm:5")]
    [InlineData("9", "slurm:9 slurm:9:run2")]
    [InlineData("slurm:9:run2", "slurm:9:run2")]
    [InlineData("slurm:3", "slurm:3")]
    [InlineData("12", "slurm:12")]
    [InlineData("31", "31")]
    public async Task A_bare_number_finds_the_slurm_job_its_runs_and_its_array_tasks(string key, string ids)
    {
        var output = await Report("job", key);

        Assert.Equal(ids.Split(' '), TableText.Rows(output).Where(r => r["JobID"] != "total").Select(r => r["JobID"]));
        Assert.Equal(ids.Contains(' ', StringComparison.Ordinal), TableText.Rows(output).Any(r => r["JobID"] == "total"));
    }

    [Fact]
    public async Task An_end_the_collector_only_noticed_is_flagged_in_the_report()
    {
        Assert.Contains("flags slurm:12: end_approximate", await Report("job", "12"), StringComparison.Ordinal);
        Assert.DoesNotContain("end_approximate", await Report("job", "slurm:5"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4713", "job \"4713\" is not in the store (no job_summary point has that id, and no Slurm job or array has that number)")]
    [InlineData("train-43", "job \"train-43\" is not in the store (no job_summary point has that id; Slurm jobs are slurm:<job id>, e.g. slurm:4711, or give the bare number 4711)")]
    public async Task An_unknown_job_says_how_slurm_jobs_are_named(string key, string message)
    {
        var (code, _, error) = await ReportCli.RunAsync("job", key, "--data", _dir.Path);

        Assert.Equal((4, $"error: {message}\n"), (code, error.Replace("\r\n", "\n", StringComparison.Ordinal)));
    }

    private static Job Slurm(long id, int run = 1, int? arrayTask = null) => new()
    {
        Id = SlurmJobIds.Format(id, run), Source = JobSource.Slurm, StartMs = T0 + (run * 10_000), User = "alice",
        ArrayJobId = arrayTask is null ? null : 3, ArrayTaskId = arrayTask, Allocations = [new JobAllocation("n1", [0], 1)],
    };

    private static Job Ended(Job job, long endMs, JobState state, int? exitCode = null, bool approximate = false) =>
        job with { EndMs = endMs, State = state, ExitCode = exitCode, ExitSignal = exitCode is null ? null : 0, EndApproximate = approximate };

    private async Task<string> Report(params string[] args)
    {
        var (code, output, error) = await ReportCli.RunAsync([.. args, "--data", _dir.Path]);
        Assert.True(code == 0, $"exit {code}: {error}");
        return output;
    }
}
