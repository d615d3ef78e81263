using System.Net.Http.Json;
using Metering.Collector.Ingest;
using Metering.Collector.Storage;
using Metering.Testing;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// The real `metering serve` process killed with SIGKILL mid-stream and started again: the broker's persistent session
/// delivers what was not acknowledged, idempotent writes absorb what is delivered twice, and the stored energy equals
/// the meters' counters exactly.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CollectorKillTests
{
    [Fact]
    public async Task A_collector_killed_with_sigkill_and_restarted_misses_and_doubles_nothing()
    {
        using var broker = MosquittoServer.Start();
        var dir = Collectors.TempDirectory();
        var http = FreePort.Next();
        var args = $"serve --data {dir}/data --Broker:Embedded=false --Mqtt:Port={broker.Port} --Mqtt:ClientId=kill-test --Http:Url=http://127.0.0.1:{http} --NodeEnergy:LatenessSeconds=5";
        using var recorder = await MqttRecorder.StartAsync(broker.Port, "metering/v1/+/telemetry");
        await using var fleet = Collectors.Fleet(broker.Port);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };

        var first = MeteringProcess.Start(dir, args);
        await HealthyAsync(client, first);
        await fleet.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(10));
        first.Kill();
        await Task.Delay(TimeSpan.FromSeconds(5));
        using var second = MeteringProcess.Start(dir, args);
        await HealthyAsync(client, second);
        await Task.Delay(TimeSpan.FromSeconds(10));
        await fleet.StopAsync();
        var storePath = Path.Combine(dir, "data", "store.db");
        await Collectors.WaitUntilAsync(() => Outbox(client) == 0 && LastReadingsStored(recorder, storePath), TimeSpan.FromSeconds(60), "the restarted collector to catch up");
        Assert.Equal(0, second.Interrupt());
        first.Dispose();

        using var store = new SqliteSink(new SqliteSinkSettings { Path = storePath });
        var audits = await EnergyAudit.RunAsync(recorder, store, fleet);
        EnergyAudit.AssertExactAndTrue(audits, fleet, minReadings: 20);
    }

    private static long Outbox(HttpClient client) =>
        client.GetFromJsonAsync<HealthDocument>("/health", new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower })
            .GetAwaiter().GetResult()!.OutboxBatches;

    /// <summary>True when the store holds the reading of every device's last published window.</summary>
    private static bool LastReadingsStored(MqttRecorder recorder, string storePath)
    {
        var last = recorder.Messages.Where(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal)).Select(m => TelemetryCodec.Decode(m.Payload, out _)!)
            .GroupBy(t => t.DeviceId).Select(g => g.MaxBy(t => (t.Boot, t.Sequence))!).ToList();
        using var store = new SqliteSink(new SqliteSinkSettings { Path = storePath });
        return last.All(t => store.QueryAsync(IngestPoints.ChannelReading, new Dictionary<string, string> { ["device"] = t.DeviceId }, t.WindowEndMs, t.WindowEndMs + 1, CancellationToken.None)
            .GetAwaiter().GetResult().Count > 0);
    }

    private static async Task HealthyAsync(HttpClient client, MeteringProcess process)
    {
        await Collectors.WaitUntilAsync(() =>
        {
            try
            {
                return client.GetAsync("/health").GetAwaiter().GetResult().IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "metering serve to become healthy: " + process.Output);
    }

    private sealed record HealthDocument(bool Healthy, long OutboxBatches);
}
