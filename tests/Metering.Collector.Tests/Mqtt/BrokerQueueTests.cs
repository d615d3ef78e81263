using MQTTnet;
using MQTTnet.Protocol;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>A collector that stalls while a burst arrives: with the raised queue nothing is lost, and drops are never silent.</summary>
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
    public async Task With_a_small_limit_the_oldest_messages_are_dropped_and_every_drop_is_counted()
    {
        const int burst = 10_000;
        await using var broker = await TestBroker.StartAsync(secured: false, adjust: o => o with { MaxPendingMessagesPerClient = 1000 });
        using var subscriber = await SlowSubscriber.StartAsync(broker.Port, "collector", "metering/v1/+/telemetry");

        await PublishBurstAsync(broker.Port, burst);
        var dropped = broker.Broker.Counters.MessagesDropped;
        var payloads = await subscriber.ReadAsync(burst - (int)dropped, TimeSpan.FromMinutes(1));

        Assert.InRange(dropped, 1, burst - 1000);
        Assert.Equal(payloads.Order(), payloads);
        Assert.Equal($"{burst - 1:D6}", payloads[^1][..6]);
    }

    /// <summary>Publishes <paramref name="count"/> QoS 1 messages from a device, 200 in flight, and waits for every PUBACK.</summary>
    private static async Task PublishBurstAsync(int port, int count)
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
