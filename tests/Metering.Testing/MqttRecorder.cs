using System.Collections.Concurrent;
using System.Buffers;
using MQTTnet;
using MQTTnet.Protocol;

namespace Metering.Testing;

/// <summary>An MQTTnet subscriber that records every message it receives, with a persistent session so it misses nothing across broker restarts.</summary>
public sealed class MqttRecorder : IDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttClientOptions _options;
    private readonly string[] _filters;

    private MqttRecorder(int port, string clientId, string[] filters)
    {
        _filters = filters;
        _options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(clientId)
            .WithCleanSession(false).WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311).Build();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Messages.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
    }

    /// <summary>Every message received: topic, payload, retain flag.</summary>
    public ConcurrentQueue<(string Topic, byte[] Payload, bool Retain)> Messages { get; } = new();

    /// <summary>Connects and subscribes at QoS 1 to <paramref name="filters"/>.</summary>
    public static async Task<MqttRecorder> StartAsync(int port, params string[] filters)
    {
        var recorder = new MqttRecorder(port, "recorder-" + Guid.NewGuid().ToString("N")[..8], filters);
        await recorder.ConnectAsync();
        return recorder;
    }

    /// <summary>Reconnects (after a broker restart), resuming the persistent session.</summary>
    public async Task ConnectAsync()
    {
        // After a broker restart the client may not have noticed the dropped connection yet.
        for (var i = 0; i < 100 && _client.IsConnected; i++)
        {
            await Task.Delay(50);
        }

        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        await _client.ConnectAsync(_options);
        foreach (var f in _filters)
        {
            await _client.SubscribeAsync(f, MqttQualityOfServiceLevel.AtLeastOnce);
        }
    }

    /// <summary>True while connected.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Waits until <paramref name="condition"/> holds over the messages, or throws after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(Func<IReadOnlyCollection<(string Topic, byte[] Payload, bool Retain)>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Messages.ToArray()))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {timeout} for {what}; have {Messages.Count} messages");
            }

            await Task.Delay(50);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
