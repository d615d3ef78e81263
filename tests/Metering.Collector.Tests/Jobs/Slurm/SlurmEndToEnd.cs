using Metering.Collector.Host;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Reports;
using Metering.Collector.Slurm;
using Metering.Collector.Tests.Api;
using Metering.Collector.Tests.Cli;
using Metering.Collector.Tests.EndToEnd;
using Metering.Testing;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// Steps the end-to-end Slurm tests share: a collector as `metering serve` runs it (HTTP job API, job store, and
/// optionally its own Slurm reconciliation every second) with the shipped hooks pointed at it, waits on the store
/// and on the stored job summaries, what squeue says of a job, and the real `metering report` CLI.
/// </summary>
internal static class SlurmEndToEnd
{
    /// <summary>Generous: each hook starts a .NET process, the machine may be busy, and Slurm's own loops run at their pace.</summary>
    public static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Starts a collector in <paramref name="data"/> (reconciling with the fixture's Slurm every second when
    /// <paramref name="reconcile"/>) and points the hooks at it with the node's own token and
    /// <paramref name="spool"/> as their spool.
    /// </summary>
    public static async Task<JobApiServer> StartCollectorAsync(SlurmCollectorFixture fixture, string data, string spool, bool reconcile = true)
    {
        var options = JobApiServer.Options(data);
        if (reconcile)
        {
            options.Slurm = new SlurmSettings { Enabled = true, IntervalSeconds = 1, Conf = fixture.Cluster.ConfPath };
        }

        var collector = await JobApiServer.StartAsync(options);
        fixture.PointHooksAt(collector.Url, ApiToken.NodeToken(collector.Token(options), fixture.Cluster.NodeName), timeoutSeconds: 60, spoolDirectory: spool);
        return collector;
    }

    /// <summary>Waits until the store holds <paramref name="id"/> and it satisfies <paramref name="condition"/>; returns it.</summary>
    public static async Task<Job> WaitForJobAsync(JobApiServer collector, string id, Func<Job, bool> condition, string what, Func<string>? diagnostics = null)
    {
        await Collectors.WaitUntilAsync(() => collector.Collector.Jobs.Find(id) is { } j && condition(j), JobTimeout,
            $"{id} {what} (stored: {Describe(collector.Collector.Jobs.Find(id))}){(diagnostics is null ? "" : "\n" + diagnostics())}");
        return collector.Collector.Jobs.Find(id)!;
    }

    /// <summary>Waits until Slurm has settled the job's outcome in the store (squeue's record among its end reports).</summary>
    public static Task<Job> WaitUntilSettledAsync(JobApiServer collector, string id, Func<string>? diagnostics = null) =>
        WaitForJobAsync(collector, id, JobEndSources.IsSettled, "to be settled by squeue's record", diagnostics);

    /// <summary>A stored job in one line, for failure messages.</summary>
    public static string Describe(Job? job) => job is null ? "none"
        : $"{job.State} {job.StartMs}-{job.EndMs} exit {job.ExitCode}/{job.ExitSignal} approx {job.EndApproximate} array {job.ArrayJobId}_{job.ArrayTaskId} "
          + $"reports [{string.Join("; ", job.EndReports.Select(r => $"{r.By} {r.State} {r.EndMs} exit {r.ExitCode}/{r.ExitSignal} approx {r.Approximate}"))}]";

    /// <summary>Every job squeue lists (slurmctld remembers finished ones until MinJobAge).</summary>
    public static IReadOnlyList<SqueueJob> Squeue(SlurmCluster cluster)
    {
        var (code, output, error) = cluster.Command("squeue", "--json");
        Assert.True(code == 0, $"squeue --json failed ({code}): {error}");
        return SqueueJson.Parse(output);
    }

    /// <summary>The job as squeue lists it.</summary>
    public static SqueueJob Squeue(SlurmCluster cluster, long jobId) => Squeue(cluster).Last(j => j.JobId == jobId);

    /// <summary>
    /// Waits until the collector has written a job summary of <paramref name="id"/> that satisfies
    /// <paramref name="condition"/> to its store: what `metering report` reads.
    /// </summary>
    public static async Task WaitForSummaryAsync(JobApiServer collector, string id, Func<ReportRow, bool> condition)
    {
        var query = new ReportQuery(collector.Collector.Reader!);
        ReportRow? row = null;
        await Collectors.WaitUntilAsync(() => (row = query.JobAsync(id, default).GetAwaiter().GetResult()) is { } r && condition(r), JobTimeout,
            $"a job_summary of {id} in the store (latest: {row?.State} end {row?.EndMs} flags {string.Join(',', row?.Flags ?? [])})");
    }

    /// <summary>Runs the built `metering report ARGS --data DATA` (the collector has stopped); fails unless it exits 0.</summary>
    public static string Report(string data, params string[] arguments)
    {
        var result = MeteringCommand.Run(data, null, ["report", .. arguments, "--data", data]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output;
    }
}
