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
/// acknowledges only after the message's data is in the outbox. MQTTnet's client reads its socket into a queue of its
/// own whatever the handler does, so what bounds the messages held here is the broker's flow control: the embedded
/// broker holds publishers while this session's unacknowledged messages are at its high-water mark, mosquitto honours
/// the Receive Maximum (README.md, "Flow control"). Every lost connection is logged with its reason; reconnects use
/// capped, jittered backoff, and the broker redelivers whatever was not acknowledged.
/// </summary>
public sealed class MqttIngestClient : IAsyncDisposable
{
    private readonly MqttSettings _options;
    private readonly ChannelWriter<ReceivedMessage> _output;
    private readonly TimeProvider _time;
    private readonly ILogger<MqttIngestClient> _log;
    private readonly IMqttClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly RefusalLog _cutLog;
    private long _truncated;
    private Task? _reconnectLoop;

    /// <summary>A subscriber as <paramref name="options"/> say, writing what it receives to <paramref name="output"/>.</summary>
    public MqttIngestClient(MqttSettings options, ChannelWriter<ReceivedMessage> output, TimeProvider time, ILogger<MqttIngestClient> log)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_options, _output, _time, _log) = (options, output, time, log);
        _cutLog = new RefusalLog(TimeSpan.FromMinutes(1), time);
        _client = new MqttClientFactory().CreateMqttClient(new TruncatingClientAdapterFactory(options.MaxPacketBytes, OnCut));
    }

    /// <summary>Messages over Mqtt:MaxPacketBytes whose payload arrived cut to what fits (ingest refuses and dead-letters them).</summary>
    public long Truncated => Interlocked.Read(ref _truncated);

    /// <summary>True while connected.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Connections made (the first included).</summary>
    public long Connects { get; private set; }

    /// <summary>Connections lost (each logged with its reason).</summary>
    public long Disconnects => Interlocked.Read(ref _disconnects);

    private long _disconnects;

    /// <summary>Connects (retrying until it succeeds or <see cref="DisposeAsync"/>) and keeps the connection up.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _reconnectLoop = Task.Run(() => KeepConnectedAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>Waits until connected (tests, start-up checks).</summary>
    public async Task WaitConnectedAsync(TimeSpan timeout)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (!_client.IsConnected)
        {
            if (_time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"could not connect to the MQTT broker at {_options.Host}:{_options.Port} within {timeout}");
            }

            await Task.Delay(50);
        }
    }

    private void OnCut(string topic, long payloadBytes)
    {
        Interlocked.Increment(ref _truncated);
        if (_cutLog.ShouldLog(topic, out var since))
        {
            _log.LogWarning("A message of {Bytes} bytes on {Topic} is over Mqtt:MaxPacketBytes ({Limit}): its start is passed on and dead-lettered, the rest skipped unread{Since}",
                payloadBytes, topic, _options.MaxPacketBytes, since > 0 ? $" ({since} more on this topic since the last such line)" : "");
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (e.ClientWasConnected && !_stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _disconnects);
            _log.LogWarning("Lost the connection to MQTT broker {Host}:{Port}: {Reason}{ReasonString}{Error}; reconnecting (the broker keeps the session and sends again what was not acknowledged)",
                _options.Host, _options.Port, e.Reason, string.IsNullOrEmpty(e.ReasonString) ? "" : $" ({e.ReasonString})",
                e.Exception is null ? "" : $", {e.Exception.GetType().Name}: {e.Exception.Message}");
        }

        return Task.CompletedTask;
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        e.AutoAcknowledge = false;
        var message = new ReceivedMessage(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), _time.GetUtcNow().ToUnixTimeMilliseconds(),
            async ct =>
            {
                try
                {
                    await e.AcknowledgeAsync(ct);
                }
#pragma warning disable CA1031 // Whatever failed, the data is durable: the broker redelivers and ingest drops the duplicate.
                catch (Exception ex)
                {
                    _log.LogDebug("Acknowledgement lost ({Error}); the broker will redeliver the message", ex.Message);
                }
#pragma warning restore CA1031
            });
        await _output.WriteAsync(message, _stop.Token);
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
                    _log.LogInformation("Connected to MQTT broker {Host}:{Port} as {ClientId}", _options.Host, _options.Port, _options.ClientId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    var cap = Math.Min(30_000, 500 * (1 << Math.Min(attempt++, 6)));
                    var delay = (cap / 2) + random.Next(cap / 2);
                    _log.LogWarning("MQTT broker {Host}:{Port} unreachable ({Error}); retrying in {Delay} ms", _options.Host, _options.Port, ex.Message, delay);
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
            .WithTcpServer(_options.Host, _options.Port)
            .WithClientId(_options.ClientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)_options.SessionExpiry.TotalSeconds)
            .WithReceiveMaximum((ushort)_options.ReceiveMaximum)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (_options.Username is not null)
        {
            builder.WithCredentials(_options.Username, _options.Password);
        }

        if (_options.UseTls)
        {
            builder.WithTlsOptions(o => o.UseTls());
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var result = await _client.ConnectAsync(builder.Build(), timeout.Token);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            var advice = result.ResultCode is MqttClientConnectResultCode.BadUserNameOrPassword or MqttClientConnectResultCode.NotAuthorized
                && _options.Username != InternalCredentials.Username
                ? "; " + MqttSettings.ServiceAccountAdvice
                : "";
            throw new InvalidOperationException($"broker refused the connection: {result.ResultCode} {result.ReasonString}{advice}");
        }

        // Subscribing again on a resumed session is harmless and picks up changed topic settings.
        var subscribe = new MqttClientFactory().CreateSubscribeOptionsBuilder();
        foreach (var topic in _options.Topics)
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
            try
            {
                await _reconnectLoop;
            }
            catch (OperationCanceledException)
            {
                // Disposed while connecting: MQTTnet ends a cancelled ConnectAsync with this, and stopping is what was asked.
            }
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
