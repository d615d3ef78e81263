using System.Threading.Channels;
using Metering.Collector.Mqtt;
using Metering.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>
/// The collector's subscriber announces its maximum packet size (MQTT 5): a real mosquitto that has no limit of its
/// own sends it nothing larger. (So a broker must refuse larger messages at their publisher, Mqtt/README.md, "Packet
/// size": mosquitto discards them for this subscriber without a word.)
/// </summary>
public sealed class SubscriberPacketSizeTests
{
    [Fact]
    public async Task Mosquitto_sends_the_subscriber_nothing_over_its_announced_limit()
    {
        using var mosquitto = MosquittoServer.Start();
        var received = Channel.CreateUnbounded<ReceivedMessage>();
        await using var subscriber = new MqttIngestClient(new MqttSettings { Port = mosquitto.Port, ClientId = "size-test", Topics = ["metering/v1/#"] },
            received.Writer, TimeProvider.System, NullLogger<MqttIngestClient>.Instance);
        await subscriber.StartAsync(CancellationToken.None);
        await subscriber.WaitConnectedAsync(TimeSpan.FromSeconds(30));
        using var device = await TestMqttClient.ConnectAsync(mosquitto.Port, "dev-a");

        await device.PublishAsync("metering/v1/dev-a/telemetry", new string('x', MqttPacketLimits.DefaultMaxPacketBytes));
        await device.PublishAsync("metering/v1/dev-a/telemetry", "small");

        // QoS 1 from one publisher arrives in order: the first message delivered is the second one sent.
        var first = await received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("small", System.Text.Encoding.UTF8.GetString(first.Payload));
    }
}
