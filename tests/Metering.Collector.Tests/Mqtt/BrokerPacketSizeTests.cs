using System.Net.Sockets;
using Metering.Collector.Mqtt;
using MQTTnet;
using MQTTnet.Protocol;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>
/// The embedded broker's maximum packet size: a packet larger than the contract needs is refused at its fixed header
/// (never buffered), counted, and its connection closed; the largest legal message still passes.
/// </summary>
public sealed class BrokerPacketSizeTests
{
    private const string LongestDevice = "abcdefghijklmnopqrstuvwxyz-01234";

    [Fact]
    public async Task A_50_MB_publish_is_refused_at_the_broker_and_nothing_reaches_the_subscriber()
    {
        await using var broker = await TestBroker.StartAsync(secured: false);
        using var collector = await TestMqttClient.ConnectAsync(broker.Port, "watcher");
        await collector.SubscribeAsync("metering/v1/#");
        using var device = await TestMqttClient.ConnectAsync(broker.Port, "dev-a");
        var huge = new MqttApplicationMessageBuilder().WithTopic("metering/v1/dev-a/telemetry").WithPayload(new byte[50_000_000])
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

        await Assert.ThrowsAnyAsync<Exception>(() => device.Client.PublishAsync(huge));

        Assert.Equal(1, broker.Broker.Counters.Refusals(RefusalStage.Publish, "packet_too_large"));
        await EndToEnd.Collectors.WaitUntilAsync(() => !device.Client.IsConnected, TimeSpan.FromSeconds(30), "the broker to close the connection");
        using var after = await TestMqttClient.ConnectAsync(broker.Port, "dev-b");
        await after.PublishAsync("metering/v1/dev-b/telemetry", "after");
        await collector.WaitForAsync("metering/v1/dev-b/telemetry");
        Assert.Equal(["metering/v1/dev-b/telemetry"], collector.Received.Select(m => m.Topic));
    }

    [Fact]
    public async Task The_largest_legal_message_passes_and_one_byte_more_than_the_limit_does_not()
    {
        await using var broker = await TestBroker.StartAsync(secured: false);
        using var collector = await TestMqttClient.ConnectAsync(broker.Port, "watcher");
        await collector.SubscribeAsync("metering/v1/#");
        using var device = await TestMqttClient.ConnectAsync(broker.Port, LongestDevice);
        var topic = $"metering/v1/{LongestDevice}/telemetry";
        Assert.Equal(MqttPacketLimits.LongestTopicBytes, topic.Length);

        var legal = await device.PublishAsync(topic, new string('x', Metering.Protocol.ProtocolLimits.MaxPayloadBytes));
        await collector.WaitForAsync(topic);

        Assert.Equal(MqttClientPublishReasonCode.Success, legal);
        Assert.Equal(0, broker.Broker.Counters.Refusals(RefusalStage.Publish, RefusalReasons.PacketTooLarge));

        // A raw PUBLISH whose Remaining Length makes it one byte over the limit: closed after its 4-byte header.
        using var raw = new TcpClient();
        await raw.ConnectAsync("127.0.0.1", broker.Port);
        var stream = raw.GetStream();
        var remaining = MqttPacketLimits.DefaultMaxPacketBytes + 1 - 3;
        await stream.WriteAsync(new byte[] { 0x32, (byte)(0x80 | (remaining & 0x7F)), (byte)(remaining >> 7) });
        Assert.Equal(0, await stream.ReadAsync(new byte[16]));
        Assert.Equal(1, broker.Broker.Counters.Refusals(RefusalStage.Publish, RefusalReasons.PacketTooLarge));
    }

    [Fact]
    public async Task Mosquitto_with_the_documented_limit_refuses_the_oversize_publisher_and_passes_the_largest_legal_message()
    {
        using var mosquitto = Metering.Testing.MosquittoServer.Start("allow_anonymous true\n" + MosquittoConfig.PacketSize());
        using var collector = await TestMqttClient.ConnectAsync(mosquitto.Port, "watcher");
        await collector.SubscribeAsync("metering/v1/#");
        using var device = await TestMqttClient.ConnectAsync(mosquitto.Port, LongestDevice);
        var topic = $"metering/v1/{LongestDevice}/telemetry";

        Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishAsync(topic, new string('x', Metering.Protocol.ProtocolLimits.MaxPayloadBytes)));
        await collector.WaitForAsync(topic);
        await Assert.ThrowsAnyAsync<Exception>(() => device.PublishAsync(topic, new string('x', 50_000_000)));

        await EndToEnd.Collectors.WaitUntilAsync(() => !device.Client.IsConnected, TimeSpan.FromSeconds(30), "mosquitto to disconnect the publisher: " + mosquitto.Log());
        Assert.Single(collector.Received);
    }

    [Fact]
    public void The_default_limit_is_the_contracts_largest_publish_with_its_arithmetic()
    {
        Assert.Equal(54, MqttPacketLimits.LongestTopicBytes);
        Assert.Equal(5 + (2 + 54 + 2) + 256 + 4096, MqttPacketLimits.DefaultMaxPacketBytes);
        Assert.Equal(4415, MqttPacketLimits.DefaultMaxPacketBytes);
        Assert.Equal(4415, new EmbeddedBrokerOptions().MaxPacketBytes);
        Assert.Equal(2 * 4415, new MqttSettings().MaxPacketBytes);
    }
}
