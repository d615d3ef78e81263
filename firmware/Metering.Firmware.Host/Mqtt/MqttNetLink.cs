using System.Buffers;
using Metering.Firmware.Core.Session;
using MQTTnet;
using MQTTnet.Protocol;

namespace Metering.Firmware.Host.Mqtt;

/// <summary>
/// The firmware's MQTT seam over an MQTTnet 5 client, so a virtual meter talks to any real broker exactly as the
/// ESP32 shell does over M2Mqtt: clean session, retained QoS 1 last will, QoS 1 publishes acknowledged
/// asynchronously (reported through <see cref="IMqttLinkEvents.OnPublished"/>), no automatic reconnect.
/// </summary>
public sealed class MqttNetLink(string host, int port) : IMqttLink, IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private IMqttLinkEvents? _events;
    private int _nextId;

    /// <inheritdoc />
    public bool IsConnected => _client.IsConnected;

    /// <inheritdoc />
    public void Attach(IMqttLinkEvents events)
    {
        if (_events is not null)
        {
            throw new InvalidOperationException("events are already attached");
        }

        _events = events;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            events.OnMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected)
            {
                events.OnConnectionLost();
            }

            return Task.CompletedTask;
        };
    }

    /// <inheritdoc />
    public bool Connect(string clientId, string username, string password, string willTopic, byte[] willPayload)
    {
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer(host, port)
            .WithClientId(clientId)
            .WithCredentials(username, password)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(ConnectTimeout)
            .WithWillTopic(willTopic)
            .WithWillPayload(willPayload)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        try
        {
            using var timeout = new CancellationTokenSource(ConnectTimeout);
            var result = _client.ConnectAsync(options, timeout.Token).GetAwaiter().GetResult();
            return result.ResultCode == MqttClientConnectResultCode.Success;
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or MQTTnet.Adapter.MqttConnectingFailedException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public int Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        if (!_client.IsConnected)
        {
            return -1;
        }

        var id = Interlocked.Increment(ref _nextId);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.AsSpan(offset, count).ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        _ = PublishAsync(message, id);
        return id;
    }

    private async Task PublishAsync(MqttApplicationMessage message, int id)
    {
        try
        {
            var result = await _client.PublishAsync(message).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                _events?.OnPublished(id);
            }
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // Not acknowledged: the session resends it after the reconnect (the collector drops duplicates).
        }
    }

    /// <inheritdoc />
    public bool Subscribe(string topic)
    {
        try
        {
            var result = _client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce).GetAwaiter().GetResult();
            return result.Items.All(i => i.ResultCode <= MqttClientSubscribeResultCode.GrantedQoS2);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Disconnect()
    {
        try
        {
            if (_client.IsConnected)
            {
                _client.DisconnectAsync().GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <inheritdoc />
    public void Dispose() => _client.Dispose();
}
