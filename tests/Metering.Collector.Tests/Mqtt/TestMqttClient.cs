using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>MQTTnet clients for the broker tests: connect as someone, publish, subscribe and record what arrives.</summary>
internal sealed class TestMqttClient : IDisposable
{
    private TestMqttClient(IMqttClient client) => Client = client;

    public IMqttClient Client { get; }

    /// <summary>Messages received, in arrival order: topic and payload text.</summary>
    public ConcurrentQueue<(string Topic, string Payload)> Received { get; } = new();

    /// <summary>The CONNACK result code (Success, or the refusal).</summary>
    public MqttClientConnectResultCode ConnectCode { get; private set; }

    /// <summary>Connects (the handler is attached first); a refused CONNECT is reported in <see cref="ConnectCode"/>.</summary>
    public static async Task<TestMqttClient> ConnectAsync(int port, string clientId, string? username = null, string? password = null,
        MqttProtocolVersion version = MqttProtocolVersion.V500, bool cleanSession = true)
    {
        var mqtt = new TestMqttClient(new MqttClientFactory().CreateMqttClient());
        mqtt.Client.ApplicationMessageReceivedAsync += e =>
        {
            mqtt.Received.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString()));
            return Task.CompletedTask;
        };
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId)
            .WithProtocolVersion(version).WithCleanSession(cleanSession).WithTimeout(TimeSpan.FromSeconds(10));
        if (username is not null)
        {
            options.WithCredentials(username, password);
        }

        if (!cleanSession && version == MqttProtocolVersion.V500)
        {
            options.WithSessionExpiryInterval(3600);
        }

        // MQTTnet 5 returns a refused CONNACK as a result rather than throwing.
        mqtt.ConnectCode = (await mqtt.Client.ConnectAsync(options.Build())).ResultCode;
        return mqtt;
    }

    /// <summary>Publishes QoS 1 and returns the broker's PUBACK reason (3.1.1: always Success).</summary>
    public async Task<MqttClientPublishReasonCode> PublishAsync(string topic, string payload, bool retain = false) =>
        (await Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build())).ReasonCode;

    /// <summary>Subscribes at QoS 1 and returns the SUBACK result.</summary>
    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string filter) =>
        (await Client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce)).Items.Single().ResultCode;

    /// <summary>Waits until a message on <paramref name="topic"/> arrived, or throws after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string topic, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!Received.Any(m => m.Topic == topic))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"no message on {topic}; received: {string.Join(", ", Received.Select(m => m.Topic))}");
            }

            await Task.Delay(20);
        }
    }

    public void Dispose() => Client.Dispose();
}
