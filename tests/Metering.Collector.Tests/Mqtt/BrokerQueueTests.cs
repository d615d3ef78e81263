using Metering.Collector.Mqtt;
using Metering.Collector.Tests.Api;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>
/// A subscriber that stalls while a burst arrives: with the raised queue nothing is lost; the collector's own session holds
/// the publisher at its high-water mark (flow control); another subscriber's drops are never silent.
/// </summary>
public sealed class BrokerQueueTests
{
    // About the size of a 4-channel telemetry message; large enough that the burst cannot hide in socket buffers.
    private const int PayloadBytes = 800;

    [Fact]
    public async Task A_stalled_subscriber_loses_nothing_of_a_50k_QoS_1_burst_with_the_raised_limit()
    {
        await using var broker = await TestBroker.StartAsync(secured: false);
        using var subscriber = await SlowSubscriber.StartAsync(broker.Port, "collector", "metering/v1/+/telemetry");

        await PublishBurstAsync(broker.Port, 50_000);
        var payloads = await subscriber.ReadAsync(50_000, TimeSpan.FromMinutes(2));

        Assert.Equal(Enumerable.Range(0, 50_000).Select(i => i.ToString("D6")), payloads.Select(p => p[..6]));
        Assert.Equal((50_000L, 0L), (broker.Broker.Counters.MessagesQueued, broker.Broker.Counters.MessagesDropped));
    }

    [Fact]
    public async Task A_stalled_collector_holds_the_publisher_at_the_high_water_mark_instead_of_dropping_and_then_gets_everything()
    {
        // A queue of 1,000 dropped most of a 5,000-message burst to a stalled subscriber before flow control; now the
        // broker withholds the device's PUBACKs while 100 messages await the collector's acknowledgement.
        const int burst = 5000;
        await using var broker = await TestBroker.StartAsync(secured: false,
            adjust: o => o with { MaxPendingMessagesPerClient = 1000, CollectorHighWaterMessages = 100 });
        using var collector = await SlowSubscriber.StartAsync(broker.Port, "metering-collector", "metering/v1/+/telemetry",
            (InternalCredentials.Username, broker.Broker.Internal.Password), ackEvery: 10);

        var publishing = PublishBurstAsync(broker.Port, burst);
        var flow = broker.Broker.FlowControl;
        await WaitUntilAsync(() => flow.Waiting > 0, "a publish to be held");
        await Task.Delay(500);

        Assert.False(publishing.IsCompleted);
        Assert.InRange(flow.OutstandingMessages, 100, 101); // one publish per connection may pass the mark
        Assert.Equal(0, broker.Broker.Counters.MessagesDropped);
        var payloads = await collector.ReadAsync(burst, TimeSpan.FromMinutes(1));
        await publishing.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(0, burst).Select(i => i.ToString("D6")), payloads.Select(p => p[..6]));
        Assert.Equal((0L, 0L), (broker.Broker.Counters.MessagesDropped, flow.Refused));
        Assert.True(flow.Held > 0);
        Assert.InRange(flow.PeakOutstandingMessages, 100, 101);
    }

    [Fact]
    public async Task QoS_0_messages_leave_the_collectors_count_when_sent_so_they_never_hold_the_publishers_for_good()
    {
        // They are never acknowledged: counted until acknowledged, 100 of them held every publisher for good.
        await using var broker = await TestBroker.StartAsync(secured: false,
            adjust: o => o with { MaxPendingMessagesPerClient = 1000, CollectorHighWaterMessages = 100 });
        using var collector = await TestMqttClient.ConnectAsync(broker.Port, "metering-collector", InternalCredentials.Username, broker.Broker.Internal.Password);
        await collector.SubscribeAsync("metering/v1/+/telemetry");
        using var device = await TestMqttClient.ConnectAsync(broker.Port, "dev-a");

        for (var i = 0; i < 300; i++)
        {
            await device.Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("metering/v1/dev-a/telemetry").WithPayload($"{i:D6}")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtMostOnce).Build());
        }

        await WaitUntilAsync(() => collector.Received.Count == 300, "the 300 QoS 0 messages to arrive");
        Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishAsync("metering/v1/dev-a/telemetry", "qos 1").WaitAsync(TimeSpan.FromSeconds(10)));
        await WaitUntilAsync(() => broker.Broker.FlowControl.OutstandingMessages == 0, "nothing to be outstanding");
        Assert.Equal(0, broker.Broker.Counters.MessagesDropped);
    }

    [Fact]
    public async Task Another_subscriber_whose_queue_is_full_loses_new_messages_each_counted_for_it_and_logged_with_the_device()
    {
        const int burst = 10_000;
        var logs = new LogRecorder();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var broker = await TestBroker.StartAsync(secured: false, log: factory.CreateLogger("broker"),
            adjust: o => o with { MaxPendingMessagesPerClient = 1000, CollectorHighWaterMessages = 500 });
        using var subscriber = await SlowSubscriber.StartAsync(broker.Port, "dashboard", "metering/v1/+/telemetry");

        await PublishBurstAsync(broker.Port, burst);
        var counters = broker.Broker.Counters;
        var dropped = counters.MessagesDropped;
        var payloads = await subscriber.ReadAsync(burst - (int)dropped, TimeSpan.FromMinutes(1));

        Assert.InRange(dropped, 1, burst - 1000);
        Assert.Equal(payloads.Order(), payloads);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => i.ToString("D6")), payloads.Take(1000).Select(p => p[..6])); // the oldest are kept
        Assert.Equal(new Dictionary<string, long> { ["dashboard"] = dropped }, counters.DroppedByClient());
        Assert.Equal(("dashboard", "dev-a", "metering/v1/dev-a/telemetry"), (counters.LastDrop!.ReceiverClientId, counters.LastDrop.SenderClientId, counters.LastDrop.Topic));
        Assert.Contains("The broker dropped a message of dev-a on metering/v1/dev-a/telemetry: the queue of client dashboard holds 1000 messages", logs.Text, StringComparison.Ordinal);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(20);
        }
    }

    /// <summary>Publishes <paramref name="count"/> QoS 1 messages from a device, 200 in flight, and waits for every PUBACK.</summary>
    internal static async Task PublishBurstAsync(int port, int count)
    {
        using var device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("dev-a").Build());
        var padding = new string('x', PayloadBytes - 6);
        var inFlight = new List<Task<MqttClientPublishResult>>();
        for (var i = 0; i < count; i++)
        {
            inFlight.Add(device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("metering/v1/dev-a/telemetry")
                .WithPayload(i.ToString("D6") + padding).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build()));
            if (inFlight.Count == 200 || i == count - 1)
            {
                Assert.All(await Task.WhenAll(inFlight), r => Assert.True(r.IsSuccess, r.ReasonCode.ToString()));
                inFlight.Clear();
            }
        }

        await device.DisconnectAsync();
    }
}
