using System.Globalization;
using Metering.Collector.Slurm;
using Metering.Collector.Tests.Api;
using Metering.Collector.Tests.EndToEnd;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>Slurm reconciliation inside the collector when squeue cannot run: counted, logged, and the collector carries on.</summary>
public sealed class SlurmJobSourceTests : IDisposable
{
    private readonly string _data = Collectors.TempDirectory();

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Failing_passes_are_counted_and_logged_and_never_stop_the_collector()
    {
        var missing = Path.Combine(_data, "no-such-squeue");
        var options = JobApiServer.Options(_data);
        options.Slurm = new SlurmSettings { Enabled = true, IntervalSeconds = 1, Squeue = missing };
        await using var server = await JobApiServer.StartAsync(options);
        using var http = server.Client();

        await Collectors.WaitUntilAsync(() => Failed(http.GetStringAsync("/metrics").Result) >= 2, TimeSpan.FromSeconds(60), "two failed passes");

        Assert.False(server.Collector.Faulted.IsCompleted);
        Assert.Contains($"Slurm reconciliation skipped: {missing} could not be started", server.Logs.Text, StringComparison.Ordinal);
        Assert.Contains("metering_slurm_reconcile_passes_total{outcome=\"ok\"} 0", await http.GetStringAsync("/metrics"), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/api/v1/jobs")).StatusCode);
    }

    private static double Failed(string metrics) =>
        double.Parse(metrics.Split('\n').Single(l => l.StartsWith("metering_slurm_reconcile_passes_total{outcome=\"failed\"}", StringComparison.Ordinal)).Split(' ')[1],
            CultureInfo.InvariantCulture);
}
