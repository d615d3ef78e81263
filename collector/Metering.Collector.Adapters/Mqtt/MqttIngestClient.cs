using System.Buffers;
using System.Threading.Channels;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Mqtt;

/// <summary>
/// The collector's MQTT subscriber: MQTT 5 with a persistent session (Clean Start off, a session expiry), QoS 1,
/// automatic acknowledgement off. Each message goes into a bounded channel with its acknowledgement; the pipeline
/// acknowledges only after the message's data is in the outbox. When the channel is full the receive loop waits,
/// which stops reading the socket: backpressure reaches the broker instead of anything being dropped. Reconnects with
/// capped, jittered backoff; the broker redelivers whatever was not acknowledged.
/// </summary>
public sealed class MqttIngestClient(MqttSettings options, ChannelWriter<ReceivedMessage> output, TimeProvider time, ILogger<MqttIngestClient> log) : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly CancellationTokenSource _stop = new();
    private Task? _reconnectLoop;

    /// <summary>True while connected.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Connections made (the first included).</summary>
    public long Connects { get; private set; }

    /// <summary>Connects (retrying until it succeeds or <see cref="DisposeAsync"/>) and keeps the connection up.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _reconnectLoop = Task.Run(() => KeepConnectedAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Waits until connected (tests, start-up checks).</summary>
    public async Task WaitConnectedAsync(TimeSpan timeout)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (!_client.IsConnected)
        {
            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"could not connect to the MQTT broker at {options.Host}:{options.Port} within {timeout}");
            }

            await Task.Delay(50);
        }
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        e.AutoAcknowledge = false;
        var message = new ReceivedMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), time.GetUtcNow().ToUnixTimeMilliseconds(),
            async ct =>
            {
                try
                {
                    await e.AcknowledgeAsync(ct);
                }
#pragma warning disable CA1031 // Whatever failed, the data is durable: the broker redelivers and ingest drops the duplicate.
                catch (Exception ex)
                {
                    log.LogDebug("Acknowledgement lost ({Error}); the broker will redeliver the message", ex.Message);
                }
#pragma warning restore CA1031
            });
        await output.WriteAsync(message, _stop.Token);
    }

    private async Task KeepConnectedAsync(CancellationToken stop)
    {
        var attempt = 0;
        var random = new Random();
        while (!stop.IsCancellationRequested)
        {
            if (!_client.IsConnected)
            {
                try
                {
                    await ConnectAsync(stop);
                    attempt = 0;
                    Connects++;
                    log.LogInformation("Connected to MQTT broker {Host}:{Port} as {ClientId}", options.Host, options.Port, options.ClientId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    var cap = Math.Min(30_000, 500 * (1 << Math.Min(attempt++, 6)));
                    var delay = (cap / 2) + random.Next(cap / 2);
                    log.LogWarning("MQTT broker {Host}:{Port} unreachable ({Error}); retrying in {Delay} ms", options.Host, options.Port, ex.Message, delay);
                    await Task.Delay(delay, stop).ContinueWith(_ => { }, TaskScheduler.Default);
                    continue;
                }
            }

            await Task.Delay(200, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task ConnectAsync(CancellationToken stop)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithClientId(options.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)options.SessionExpiry.TotalSeconds)
            .WithReceiveMaximum((ushort)options.ReceiveMaximum)
            .WithMaximumPacketSize((uint)options.MaxPacketBytes)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (options.Username is not null)
        {
            builder.WithCredentials(options.Username, options.Password);
        }

        if (options.UseTls)
        {
            builder.WithTlsOptions(o => o.UseTls());
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var result = await _client.ConnectAsync(builder.Build(), timeout.Token);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            var advice = result.ResultCode is MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized
                && options.Username != InternalCredentials.Username
                ? "; " + MqttSettings.ServiceAccountAdvice
                : "";
            throw new InvalidOperationException($"broker refused the connection: {result.ResultCode} {result.ReasonString}{advice}");
        }

        // Subscribing again on a resumed session is harmless and picks up changed topic settings.
        var subscribe = new MqttClientFactory().CreateSubscribeOptionsBuilder();
        foreach (var topic in options.Topics)
        {
            subscribe.WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce);
        }

        await _client.SubscribeAsync(subscribe.Build(), timeout.Token);
    }

    /// <summary>Stops reconnecting and disconnects cleanly.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_reconnectLoop is not null)
        {
            await _reconnectLoop;
        }

        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync();
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
            {
                // Already gone.
            }
        }

        _client.Dispose();
        _stop.Dispose();
    }
}
