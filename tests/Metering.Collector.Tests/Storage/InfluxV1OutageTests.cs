using System.Diagnostics;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using Metering.Testing;
using Xunit.Abstractions;

namespace Metering.Collector.Tests.Storage;

/// <summary>The outbox carries a real InfluxDB 1.x outage of over a minute: nothing lost, nothing doubled.</summary>
public sealed class InfluxV1OutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(62);

    private static List<Point> Batch(int n) =>
        Enumerable.Range(0, 40).Select(i => new Point("channel_interval",
            [new("device", $"esp-{i % 8:D2}"), new("channel", (i / 8).ToString(System.Globalization.CultureInfo.InvariantCulture)), new("node", $"gpu-{i % 8 / 2}")],
            [new("energy_mj", (long)((n * 1000) + i)), new("duration_ms", 10_000L), new("power_mean_mw", (n * 40) + i + 0.25)],
            1_700_000_000_000 + (n * 10_000L))).ToList();

    [Fact]
    public async Task Batches_appended_while_influxd_is_down_for_over_a_minute_all_arrive_exactly_once_after_it_returns()
    {
        using var server = InfluxDbServer.Start();
        using var dir = new TempFolder();
        using var outbox = new SqliteOutbox(new OutboxSettings { Path = dir.File("outbox.db") });
        using var sink = new InfluxV1Sink(new InfluxV1Settings { Url = server.Url, Database = "outage", CreateDatabase = true, Timeout = TimeSpan.FromSeconds(5) });
        var drainer = new OutboxDrainer(outbox, sink, new DrainerSettings { InitialBackoff = TimeSpan.FromMilliseconds(200), MaxBackoff = TimeSpan.FromSeconds(2) });
        using var stop = new CancellationTokenSource();
        var draining = drainer.RunAsync(stop.Token);
        var appended = new List<Point>();
        var n = 0;

        for (; n < 5; n++)
        {
            await outbox.AppendAsync(Batch(n), CancellationToken.None);
            appended.AddRange(Batch(n));
        }

        await SqliteOutboxTests.WaitUntil(() => outbox.PendingBatches == 0, "the batches before the outage drain");
        server.Stop();
        var down = Stopwatch.StartNew();
        var pending = new List<long>();
        while (down.Elapsed < Outage)
        {
            await outbox.AppendAsync(Batch(n), CancellationToken.None);
            appended.AddRange(Batch(n++));
            pending.Add(outbox.PendingBatches);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        output.WriteLine($"down {down.Elapsed}; {pending.Count} batches appended; drainer errors {string.Join(", ", drainer.Metrics.ErrorsByKind)}");
        Assert.Equal(Enumerable.Range(1, pending.Count).Select(i => (long)i), pending);
        Assert.True(drainer.Metrics.ErrorsByKind.GetValueOrDefault("network") >= 2, "the drainer kept trying");
        Assert.True(drainer.Metrics.ConsecutiveFailures >= 2);
        Assert.True(down.Elapsed >= TimeSpan.FromSeconds(60));

        server.Restart();
        await SqliteOutboxTests.WaitUntil(() => outbox.PendingBatches == 0, "the outbox drains once influxd is back", TimeSpan.FromSeconds(90));
        stop.Cancel();
        await draining;

        var stored = await sink.QueryAsync("channel_interval", new Dictionary<string, string>(), long.MinValue, long.MaxValue, CancellationToken.None);
        Assert.Equal(appended.Count, stored.Count);
        PointText.StoredEqual(appended, stored);
        Assert.Equal(0, drainer.Metrics.ConsecutiveFailures);
        Assert.Equal(appended.Count, drainer.Metrics.PointsWritten);
        Assert.Null(outbox.OldestPendingMs);
    }
}
