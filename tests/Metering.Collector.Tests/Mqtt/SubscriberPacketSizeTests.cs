using System.Threading.Channels;
using Metering.Collector.Mqtt;
using Metering.Testing;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>
/// The collector's subscriber against a real mosquitto that has no limit of its own: a message over Mqtt:MaxPacketBytes
/// arrives cut to what fits, the rest never read into memory, and the messages after it keep coming (an MQTT 5 Maximum
/// Packet Size announced to mosquitto 2.0.11 made it stop delivering after it dropped one oversize message).
/// </summary>
public sealed class SubscriberPacketSizeTests
{
    [Theory]
    [InlineData(MqttProtocolVersion.V500)]
    [InlineData(MqttProtocolVersion.V311)]
    public async Task A_5_MB_message_arrives_cut_to_the_limit_and_the_ones_after_it_keep_coming(MqttProtocolVersion publisher)
    {
        using var mosquitto = MosquittoServer.Start();
        var received = Channel.CreateUnbounded<ReceivedMessage>();
        await using var subscriber = new MqttIngestClient(new MqttSettings { Port = mosquitto.Port, ClientId = "size-test", Topics = ["metering/v1/#"] },
            received.Writer, TimeProvider.System, NullLogger<MqttIngestClient>.Instance);
        await subscriber.StartAsync(CancellationToken.None);
        await subscriber.WaitConnectedAsync(TimeSpan.FromSeconds(30));
        using var device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", mosquitto.Port).WithClientId("dev-a").WithProtocolVersion(publisher)
            .WithTimeout(TimeSpan.FromSeconds(60)).Build());

        var payloads = new[] { new byte[10], new byte[5_000_000], new byte[MqttPacketLimits.DefaultSubscriberMaxPacketBytes], new byte[20] };
        for (var i = 0; i < payloads.Length; i++)
        {
            payloads[i].AsSpan().Fill((byte)('a' + i));
            await device.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("metering/v1/dev-a/telemetry").WithPayload(payloads[i])
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        }

        var got = new List<byte[]>();
        while (got.Count < payloads.Length)
        {
            var message = await received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
            await message.AcknowledgeAsync(CancellationToken.None);
            got.Add(message.Payload);
        }

        Assert.Equal([10, 20], new[] { got[0].Length, got[3].Length });
        // What fits: the limit less a 5-byte fixed header and the variable header (topic length and topic, packet id,
        // an empty MQTT 5 property list), still over the contract's payload cap, so ingest refuses it as too large.
        var fits = MqttPacketLimits.DefaultSubscriberMaxPacketBytes - 5 - (2 + "metering/v1/dev-a/telemetry".Length + 2 + 1);
        Assert.All(got[1..3], cut => Assert.Equal(fits, cut.Length));
        Assert.True(fits > Metering.Protocol.ProtocolLimits.MaxPayloadBytes);
        Assert.Equal(payloads.Select(p => p[0]), got.Select(p => p[0]));
        Assert.Equal(2, subscriber.Truncated);
        Assert.True(subscriber.IsConnected);
    }
}
