using Metering.Collector.Attribution;
using Metering.Collector.Host;
using Metering.Collector.Host.Settings;
using Metering.Collector.Jobs;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// A label that no tag can carry as written (an account ending in a backslash) used to kill the ingest loop a second
/// after the job started, and at every restart since the label stayed in jobs.db. Now the collector keeps running,
/// stores the rollup under an escaped key, and starts on such a jobs.db.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HostileLabelTests
{
    [Fact]
    public async Task A_backslash_account_neither_stops_ingest_nor_a_restart_on_the_same_jobs_db()
    {
        var data = Collectors.TempDirectory();
        var settings = new CollectorSettings { DataDirectory = data, Broker = new BrokerSettings { Port = 0 } };
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using (var host = await StartAsync(settings))
        {
            host.Jobs.Start(new Job { Id = "slurm:1", Source = JobSource.Slurm, Project = "ml\\", User = "eve", StartMs = start, Allocations = [] });

            var rollup = await WaitForAsync(host, AttributionPoints.EnergyRollup, p => p.Tag("dimension") == "project");
            Assert.Equal("ml%5C", rollup.Tag("key"));
            var summary = await WaitForAsync(host, AttributionPoints.JobSummaryMeasurement, p => p.Tag("job") == "slurm:1");
            Assert.Equal("ml\\", summary.Field("project"));
            Assert.False(host.Faulted.IsCompleted, "the ingest loop runs on");
        }

        // A jobs.db written by an older collector holds a label no write can carry; the collector starts on it.
        using (var older = new SqliteJobPersistence(new Files.DataDirectory(data).Jobs))
        {
            older.SaveJob(new Job { Id = "api:2", Source = JobSource.Api, Project = "a\nb\\", StartMs = start, Allocations = [] });
        }

        await using (var restarted = await StartAsync(settings))
        {
            var summary = await WaitForAsync(restarted, AttributionPoints.JobSummaryMeasurement, p => p.Tag("job") == "api:2");
            Assert.Equal("a\uFFFDb\\", summary.Field("project"));
            Assert.False(restarted.Faulted.IsCompleted, "the restarted ingest loop runs on");
        }
    }

    private static async Task<CollectorHost> StartAsync(CollectorSettings settings)
    {
        var host = CollectorHost.Create(settings, LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning)));
        await host.StartAsync();
        return host;
    }

    private static async Task<Point> WaitForAsync(CollectorHost host, string measurement, Func<Point, bool> match)
    {
        Point? found = null;
        await Collectors.WaitUntilAsync(() =>
        {
            Assert.False(host.Faulted.IsCompleted, "the ingest loop stopped: " + host.Faulted.Exception?.InnerException?.Message);
            var points = host.Reader!.QueryAsync(measurement, new Dictionary<string, string>(), long.MinValue, long.MaxValue, CancellationToken.None).GetAwaiter().GetResult();
            found = points.FirstOrDefault(match);
            return found is not null;
        }, TimeSpan.FromSeconds(30), $"a {measurement} point");
        return found!;
    }
}
