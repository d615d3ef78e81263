using System.Globalization;
using Metering.Collector.Api;
using Metering.Collector.Storage;
using Metering.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using MQTTnet;
using MQTTnet.Protocol;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// Every refused document of the contract, and a spoofed device id, sent through a real mosquitto: the collector keeps
/// running, counts each under its reason in /metrics (over HTTP), and keeps each raw payload in the dead-letter store.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RefusalTests
{
    [Fact]
    public async Task Invalid_documents_and_a_spoofed_device_are_counted_by_reason_and_dead_lettered_and_ingest_continues()
    {
        using var broker = MosquittoServer.Start();
        var data = Collectors.TempDirectory();
        await using var collector = await Collectors.StartAsync(Collectors.External(data, broker.Port));
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        HttpApi.Map(app, collector.Status, collector.Metrics, collector.Ingest, collector.Reader, collector.DeadLetters, collector.Access, TimeProvider.System);
        await app.StartAsync();

        // Refused documents on the topics the collector reads: telemetry, status, event. (Config is read by the devices,
        // which refuse bad configs themselves; a v2 topic never reaches a v1 subscriber. Both are the decoder's tests.)
        var cases = Repo.InvalidCases().Where(c => c.Topic.StartsWith("metering/v1/", StringComparison.Ordinal) && !c.Topic.EndsWith("/config", StringComparison.Ordinal)).ToList();
        var spoofed = File.ReadAllBytes(Repo.Example("telemetry.json"));
        using (var client = new MqttClientFactory().CreateMqttClient())
        {
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("attacker").Build());
            foreach (var c in cases)
            {
                await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(c.Topic).WithPayload(File.ReadAllBytes(Repo.Example("invalid/" + c.File)))
                    .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            }

            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("metering/v1/rack12-node99-z/telemetry").WithPayload(spoofed)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("metering/v1/rack12-node07-a/telemetry").WithPayload(spoofed)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        await Collectors.WaitUntilAsync(() => collector.DeadLetters.Count >= cases.Count + 1 && Collectors.AcceptedTelemetry(collector) == 1,
            TimeSpan.FromSeconds(30), $"every refusal to be dead-lettered ({cases.Count + 1}) and the genuine message accepted: have {collector.DeadLetters.Count} letters, accepted {Collectors.AcceptedTelemetry(collector)}; reasons {string.Join(",", collector.DeadLetters.Recent(1000).GroupBy(l => l.Reason).Select(g => g.Key + "=" + g.Count()))}");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        var metrics = await http.GetStringAsync("/metrics");
        var expected = cases.GroupBy(c => c.Reason).ToDictionary(g => g.Key, g => g.Count());
        expected["device_mismatch"] = expected.GetValueOrDefault("device_mismatch") + 1;
        foreach (var (reason, count) in expected)
        {
            var line = metrics.Split('\n').SingleOrDefault(l => l.StartsWith($"metering_ingest_rejected_total{{reason=\"{reason}\"}}", StringComparison.Ordinal));
            Assert.True(line is not null, $"/metrics has no line for {reason}");
            Assert.Equal(count, double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture));
        }

        foreach (var c in cases)
        {
            var raw = File.ReadAllBytes(Repo.Example("invalid/" + c.File));
            // Each letter keeps the payload's first KeptPayloadBytes, its whole size and its hash (the store is bounded in bytes).
            var kept = raw.AsSpan(0, Math.Min(raw.Length, DeadLetterStore.KeptPayloadBytes)).ToArray();
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(raw));
            Assert.Contains(collector.DeadLetters.Recent(1000, c.Reason),
                l => l.Topic == c.Topic && l.Payload.AsSpan().SequenceEqual(kept) && l.PayloadBytes == raw.Length && l.PayloadSha256 == hash);
        }

        Assert.Contains(collector.DeadLetters.Recent(10, "device_mismatch"), l => l.Topic == "metering/v1/rack12-node99-z/telemetry" && l.Payload.AsSpan().SequenceEqual(spoofed));
        Assert.True((await http.GetAsync("/health")).IsSuccessStatusCode, "the collector keeps running and stays healthy");
        await app.StopAsync();
    }
}
