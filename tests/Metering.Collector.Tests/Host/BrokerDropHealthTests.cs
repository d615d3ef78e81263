using Metering.Collector.Host;
using Metering.Collector.Host.Settings;
using Metering.Collector.Tests.Api;
using Metering.Collector.Tests.EndToEnd;
using Metering.Collector.Tests.Mqtt;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Tests.Host;

/// <summary>
/// A message the embedded broker drops is never silent in the running collector: /health turns unhealthy naming the
/// publishing device and the client whose queue was full, /metrics counts it per client, the log says it.
/// </summary>
public sealed class BrokerDropHealthTests : IDisposable
{
    private readonly string _dir = Collectors.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_drop_from_a_full_client_queue_makes_health_unhealthy_and_is_counted_for_that_client()
    {
        var logs = new LogRecorder();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var settings = new CollectorSettings
        {
            DataDirectory = Path.Combine(_dir, "data"),
            Broker = new BrokerSettings { Port = 0, MaxPendingMessagesPerClient = 600, CollectorHighWaterMessages = 500 },
        };
        await using var host = CollectorHost.Create(settings, factory);
        await host.StartAsync();
        await host.Client!.WaitConnectedAsync(TimeSpan.FromSeconds(30));
        Assert.True(host.Status.Snapshot().Healthy, string.Join("; ", host.Status.Snapshot().Problems));
        using var dashboard = await SlowSubscriber.StartAsync(host.MqttPort, "dashboard", "metering/v1/+/telemetry");

        await BrokerQueueTests.PublishBurstAsync(host.MqttPort, 10_000); // more than the socket buffers hold
        host.Status.Refresh();
        var health = host.Status.Snapshot();

        var dropped = host.Broker!.Counters.MessagesDropped;
        Assert.InRange(dropped, 1, 10_000 - 600);
        Assert.False(health.Healthy);
        Assert.Contains(health.Problems, p => p.Contains($"the embedded broker dropped {dropped} messages from full client queues", StringComparison.Ordinal)
            && p.Contains("a message of dev-a on metering/v1/dev-a/telemetry for client dashboard", StringComparison.Ordinal));
        Assert.Equal(dropped, host.Metrics.BrokerDropped.WithLabels("dashboard").Value);
        Assert.Contains("The broker dropped a message of dev-a on metering/v1/dev-a/telemetry: the queue of client dashboard", logs.Text, StringComparison.Ordinal);
    }
}
