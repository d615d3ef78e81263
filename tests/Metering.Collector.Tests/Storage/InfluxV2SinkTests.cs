using System.Globalization;
using System.Text.Json;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using Metering.Testing;

namespace Metering.Collector.Tests.Storage;

/// <summary>
/// The InfluxDB 2.x sink's write path (InfluxDB.Client WriteApiAsync to /api/v2/write) against a real VictoriaMetrics,
/// which stores line protocol as metrics named measurement_field with the tags as labels, values as float64.
/// </summary>
public sealed class InfluxV2SinkTests : IDisposable
{
    private readonly VictoriaMetricsServer _server = VictoriaMetricsServer.Start();
    private readonly TempFolder _dir = new();

    // VictoriaMetrics drops samples older than its retention (one month): write recent timestamps.
    private readonly long _now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;

    public void Dispose()
    {
        _server.Dispose();
        _dir.Dispose();
    }

    private InfluxV2Sink Sink(string? url = null) =>
        new(new InfluxV2Settings { Url = url ?? _server.Url, Org = "metering", Bucket = "telemetry", Token = "test-token" });

    private Point[] Points(string measurement) =>
    [
        new(measurement, [new("node", "gpu-01"), new("device", "esp-01")], [new("energy_mj", 123_456L), new("power_mean_mw", 1234.5)], _now),
        new(measurement, [new("node", "gpu-01"), new("device", "esp-01")], [new("energy_mj", 123_999L), new("power_mean_mw", 1300.25)], _now + 10_000),
        new(measurement, [new("node", "gpu 02"), new("device", "esp,02")], [new("energy_mj", -7L), new("power_mean_mw", 0.5)], _now + 5),
    ];

    /// <summary>Every exported sample as "name{label=value,...} value @ms", sorted.</summary>
    private List<string> Export(string measurement)
    {
        var samples = new List<string>();
        foreach (var line in _server.Export($"{{__name__=~\"{measurement}_.*\"}}").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var metric = doc.RootElement.GetProperty("metric");
            var labels = metric.EnumerateObject().Where(p => p.Name != "__name__").OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => $"{p.Name}={p.Value.GetString()}");
            var name = $"{metric.GetProperty("__name__").GetString()}{{{string.Join(",", labels)}}}";
            var values = doc.RootElement.GetProperty("values").EnumerateArray().ToArray();
            var times = doc.RootElement.GetProperty("timestamps").EnumerateArray().ToArray();
            samples.AddRange(values.Select((v, i) => $"{name} {v.GetDouble().ToString("R", CultureInfo.InvariantCulture)} @{times[i].GetInt64()}"));
        }

        return samples.Order(StringComparer.Ordinal).ToList();
    }

    private List<string> Expected(string measurement) =>
        Points(measurement)
            .SelectMany(p => p.Fields.Select(f =>
                $"{measurement}_{f.Key}{{device={p.Tag("device")},node={p.Tag("node")}}} {Convert.ToDouble(f.Value, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)} @{p.TimestampMs}"))
            .Order(StringComparer.Ordinal).ToList();

    private async Task<List<string>> ExportWhenComplete(string measurement, int samples)
    {
        var found = Export(measurement);
        for (var i = 0; i < 100 && found.Count < samples; i++)
        {
            await Task.Delay(100);
            found = Export(measurement);
        }

        return found;
    }

    [Fact]
    public async Task Points_written_with_WriteApiAsync_arrive_with_their_values_tags_and_millisecond_timestamps()
    {
        using var sink = Sink();
        var buffer = new LineProtocolBuffer();
        buffer.AppendRange(Points("direct"));

        await sink.WriteAsync(buffer.Written, CancellationToken.None);

        Assert.Equal(Expected("direct"), await ExportWhenComplete("direct", 6));
    }

    [Fact]
    public async Task Batches_drained_from_the_outbox_arrive_and_survive_a_server_outage()
    {
        using var sink = Sink();
        using var outbox = new SqliteOutbox(new OutboxSettings { Path = _dir.File("outbox.db") });
        var drainer = new OutboxDrainer(outbox, sink);
        foreach (var p in Points("drained"))
        {
            await outbox.AppendAsync([p], CancellationToken.None);
        }

        _server.Stop();
        Assert.Equal(DrainResult.Failed, await drainer.DrainOnceAsync(CancellationToken.None));
        Assert.Equal(3, outbox.PendingBatches);
        Assert.Equal(["network=1"], drainer.Metrics.ErrorsByKind.Select(e => $"{e.Key}={e.Value}"));

        _server.Restart();
        Assert.Equal(DrainResult.Written, await drainer.DrainOnceAsync(CancellationToken.None));
        Assert.Equal(0, outbox.PendingBatches);
        Assert.Equal(Expected("drained"), await ExportWhenComplete("drained", 6));
    }

    [Fact]
    public async Task An_unreachable_server_is_a_retryable_network_error()
    {
        using var sink = Sink($"http://127.0.0.1:{FreePort.Next()}");
        var e = await Assert.ThrowsAsync<SinkException>(() => sink.WriteAsync("m v=1i 1\n"u8.ToArray(), CancellationToken.None));
        Assert.Equal(("network", false), (e.Kind, e.Permanent));
    }
}
