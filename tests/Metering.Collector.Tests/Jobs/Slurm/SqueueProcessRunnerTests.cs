using System.Diagnostics;
using Metering.Collector.Jobs;
using Metering.Collector.Slurm;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>A squeue that fails, hangs or prints nonsense stops the pass before it changes anything.</summary>
public sealed class SqueueProcessRunnerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("metering-squeue-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("echo 'squeue: error: Could not establish a configuration source' >&2; exit 1", "exited with 1: squeue: error")]
    [InlineData("echo 'not json'", "not JSON")]
    [InlineData("echo '{\"errors\":[{\"error_number\":1}],\"jobs\":[]}'", "reported errors")]
    public async Task A_failed_squeue_ends_nothing(string script, string reason)
    {
        var sink = await SinkWithOneRunningJob();

        var e = await Assert.ThrowsAnyAsync<Exception>(() => Reconciler(sink, Fake(script, TimeSpan.FromSeconds(10))).ReconcileOnceAsync(default));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
        Assert.Equal(JobState.Running, sink["slurm:1"]!.State);
    }

    [Fact]
    public async Task A_hanging_squeue_is_killed_at_the_timeout()
    {
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<SqueueException>(() => Fake("sleep 30", TimeSpan.FromMilliseconds(500)).RunAsync(default));

        Assert.Contains("ran past 0.5 s", e.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_missing_squeue_is_a_squeue_failure() =>
        await Assert.ThrowsAsync<SqueueException>(() => new SqueueProcessRunner(null, TimeSpan.FromSeconds(5), "/nonexistent/squeue").RunAsync(default));

    [Fact]
    public async Task The_loop_survives_failed_passes_and_stops_when_cancelled()
    {
        var sink = await SinkWithOneRunningJob();
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));

        await Reconciler(sink, Fake("exit 2", TimeSpan.FromSeconds(5))).RunAsync(TimeSpan.FromMilliseconds(100), stop.Token).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(JobState.Running, sink["slurm:1"]!.State);
    }

    [Fact]
    public async Task Slurm_conf_reaches_squeue()
    {
        var runner = Fake("printf '{\"jobs\":[],\"conf\":\"%s\"}' \"$SLURM_CONF\"", TimeSpan.FromSeconds(5), "/etc/x/slurm.conf");

        Assert.Contains("/etc/x/slurm.conf", await runner.RunAsync(default), StringComparison.Ordinal);
    }

    private SqueueProcessRunner Fake(string script, TimeSpan timeout, string? slurmConf = null)
    {
        var path = Path.Combine(_directory, $"squeue-{Guid.NewGuid():N}");
        File.WriteAllText(path, $"#!/bin/sh\n{script}\n");
        Metering.Testing.ServerProcess.Run("chmod", $"755 {path}");
        return new SqueueProcessRunner(slurmConf, timeout, path);
    }

    private static async Task<InMemoryJobSink> SinkWithOneRunningJob()
    {
        var sink = new InMemoryJobSink();
        await sink.StartAsync(new Job { Id = "slurm:1", Source = JobSource.Slurm, StartMs = 1, Allocations = [] }, default);
        return sink;
    }

    private static SlurmReconciler Reconciler(InMemoryJobSink sink, SqueueProcessRunner runner) =>
        new(sink, runner, TimeProvider.System, NullLogger<SlurmReconciler>.Instance);
}
