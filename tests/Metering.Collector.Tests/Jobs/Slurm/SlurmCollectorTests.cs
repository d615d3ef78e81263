using System.Security.Cryptography.X509Certificates;
using Metering.Collector.Host;
using Metering.Collector.Jobs;
using Metering.Collector.Jobs.Slurm;
using Metering.Collector.Slurm;
using Metering.Collector.Tests.Api;
using Metering.Collector.Tests.EndToEnd;
using Metering.Testing;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// End to end with a real Slurm: sbatch, slurmd running the shipped Prolog/Epilog, the real `metering job` CLI, the
/// collector's HTTP job API and job store; and the collector's own Slurm reconciliation for what the hooks missed.
/// </summary>
[Collection(SlurmCollectorCollection.Name)]
public sealed class SlurmCollectorTests(SlurmCollectorFixture fixture) : IDisposable
{
    // Generous: each hook starts a .NET process, and the machine may be busy.
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);
    private readonly string _data = Collectors.TempDirectory();

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task A_gpu_job_reaches_the_store_through_the_real_hooks_and_cli_with_user_account_gpus_start_and_end()
    {
        // As Slurm/README.md installs it: the collector on https with its own certificate, which the hooks trust
        // through METERING_CA_FILE, and the node's own token.
        using var certificate = HttpsServeTests.SelfSigned();
        var (crt, key) = (Path.Combine(_data, "collector.crt"), Path.Combine(_data, "collector.key"));
        File.WriteAllText(crt, certificate.ExportCertificatePem());
        File.WriteAllText(key, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var options = JobApiServer.Options(_data);
        options.Http = new() { Url = "https://127.0.0.1:0", CertificatePath = crt, CertificateKeyPath = key };
        await using var collector = await JobApiServer.StartAsync(options);
        Assert.Equal("https", collector.Url.Scheme);
        fixture.PointHooksAt(collector.Url, ApiToken.NodeToken(collector.Token(options), fixture.Cluster.NodeName), timeoutSeconds: 60, caFile: crt);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var jobId = fixture.Cluster.Submit("--gres=gpu:2", "-c", "2", "-A", "physics", "-J", "e2e", "--wrap", "echo cvd=$CUDA_VISIBLE_DEVICES; sleep 1");
        var id = SlurmJobIds.Format(jobId);

        Assert.Equal("COMPLETED", fixture.Cluster.WaitForState(jobId, JobTimeout, "COMPLETED", "FAILED", "CANCELLED"));
        await Collectors.WaitUntilAsync(() => collector.Collector.Jobs.Find(id)?.EndMs is not null, JobTimeout, $"{id} to be ended in the store. Hooks:\n{fixture.HookLog()}");
        var job = collector.Collector.Jobs.Find(id)!;
        var visibleToJob = fixture.Cluster.JobOutput(jobId).Trim().Replace("cvd=", "", StringComparison.Ordinal).Split(',').Select(int.Parse);
        Assert.Equal((JobSource.Slurm, "root", "physics", JobState.Completed), (job.Source, job.User, job.Project, job.State));
        var allocation = Assert.Single(job.Allocations);
        Assert.Equal((fixture.Cluster.NodeName, 2), (allocation.NodeId, allocation.CpuCores));
        Assert.Equal(visibleToJob.Order(), allocation.GpuIndices);
        Assert.Equal(2, allocation.GpuIndices.Count);
        Assert.InRange(job.StartMs, before - 1000, job.EndMs!.Value - 1000);
        Assert.InRange(job.EndMs!.Value, job.StartMs + 1000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var log = fixture.HookLog();
        Assert.Contains($"metering-prolog: sent: job start --id {id} ", log, StringComparison.Ordinal);
        Assert.Contains($"metering-epilog: sent: job end --id {id} ", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_started_while_the_collector_was_down_runs_and_serve_adds_it_from_squeue_then_ends_it()
    {
        var down = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        fixture.PointHooksAt(down, "collector-is-down", timeoutSeconds: 3);
        var gate = Path.Combine(_data, "release");

        var jobId = fixture.Cluster.Submit("--gres=gpu:1", "-A", "physics", "-J", "missed", "--wrap", $"while [ ! -e {gate} ]; do sleep 0.2; done");
        var id = SlurmJobIds.Format(jobId);
        try
        {
            fixture.Cluster.WaitForState(jobId, JobTimeout, "RUNNING");
            SlurmCluster.WaitUntil(() => PrologLine(id) is not null, JobTimeout, () => $"the prolog of {id} logged nothing:\n{fixture.HookLog()}");
            Assert.DoesNotContain("sent:", PrologLine(id), StringComparison.Ordinal);
            Assert.Equal("RUNNING", fixture.Cluster.JobState(jobId));
            Assert.Equal("", fixture.Cluster.NodeReason());

            var options = JobApiServer.Options(_data);
            options.Slurm = new SlurmSettings { Enabled = true, IntervalSeconds = 1, Conf = fixture.Cluster.ConfPath };
            await using var collector = await JobApiServer.StartAsync(options);
            await Collectors.WaitUntilAsync(() => collector.Collector.Jobs.Find(id) is not null, JobTimeout, $"reconciliation to add {id}");
            var added = collector.Collector.Jobs.Find(id)!;
            Assert.Equal((JobSource.Slurm, "missed", "root", "physics", JobState.Running, (long?)null),
                (added.Source, added.Name, added.User, added.Project, added.State, added.EndMs));
            var allocation = Assert.Single(added.Allocations);
            Assert.Equal(fixture.Cluster.NodeName, allocation.NodeId);
            Assert.Single(allocation.GpuIndices);

            File.WriteAllText(gate, "");
            Assert.Equal("COMPLETED", fixture.Cluster.WaitForState(jobId, JobTimeout, "COMPLETED", "FAILED", "CANCELLED"));
            await Collectors.WaitUntilAsync(() => collector.Collector.Jobs.Find(id)?.EndMs is not null, JobTimeout, $"reconciliation to end {id}");
            var ended = collector.Collector.Jobs.Find(id)!;
            var squeueEndMs = SqueueEndMs(jobId);
            Assert.Equal((JobState.Completed, squeueEndMs), (ended.State, ended.EndMs));
            // At least this job: squeue still lists the finished jobs of earlier tests (MinJobAge), which this fresh
            // collector adds too, as jobs that ran while it was away. The pass counts what it changed after the store
            // holds it: wait for the count, not only for the store.
            var metrics = "";
            await Collectors.WaitUntilAsync(async () => Counter(metrics = await collector.Client().GetStringAsync("/metrics"), "metering_slurm_reconcile_jobs_total{change=\"ended\"}") >= 1,
                JobTimeout, "the reconciler to count its end");
            Assert.InRange(Counter(metrics, "metering_slurm_reconcile_jobs_total{change=\"added\"}"), 1, double.MaxValue);
            Assert.Equal(0, Counter(metrics, "metering_slurm_reconcile_passes_total{outcome=\"failed\"}"));
        }
        finally
        {
            File.WriteAllText(gate, "");
        }
    }

    private string? PrologLine(string id) =>
        fixture.HookLog().Split('\n').FirstOrDefault(l => l.Contains("metering-prolog: ", StringComparison.Ordinal) && l.Contains($"--id {id} ", StringComparison.Ordinal));

    private static double Counter(string metrics, string series)
    {
        var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no {series} in /metrics:\n{metrics}");
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private long SqueueEndMs(long jobId)
    {
        var (_, output, _) = fixture.Cluster.Command("squeue", "--json");
        return SqueueJson.Parse(output).Single(j => j.JobId == jobId).EndTimeS * 1000;
    }
}
