using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Metering.Collector.Mqtt;

/// <summary>
/// The collector's own MQTT broker (MQTTnet.Server 5), for sites without mosquitto: loopback-only by default,
/// device authentication from a credentials file, per-device topic rules (<see cref="TopicAcl"/>), flow control that
/// holds publishers while the collector's session is at its high-water mark (<see cref="FlowControl"/>), a raised
/// per-client queue whose drops are counted and logged, persistent sessions for the collector, and retained messages
/// optionally kept in a file; packets over the maximum size refused at their header, failed logins locked out per
/// address, and the collector's own login (<see cref="Internal"/>). README.md in this folder says what is enforced in each mode.
/// </summary>
public sealed partial class EmbeddedBroker : IAsyncDisposable
{
    private readonly EmbeddedBrokerOptions _options;
    private readonly ILogger _log;
    private readonly LoginThrottle _throttle;
    private readonly RefusalLog _refusalLog;
    private readonly RefusalLog _dropLog;
    private readonly RefusalLog _heldLog;

    // The principal of each connected client id, with the connection (remote end point) it belongs to: removed when
    // that connection ends, so a client id is forgotten at disconnect (a last will is judged before that).
    private readonly ConcurrentDictionary<string, Connection> _principals = new(StringComparer.Ordinal);
    private readonly List<SingleAddressAdapter> _adapters = [];
    private ConnectionPolicy _policy = null!;
    private RetainedStore? _retained;
    private List<MQTTnet.MqttApplicationMessage> _loaded = [];
    private MqttServer? _server;
    private CancellationTokenSource? _stopping;
    private CancellationToken _stoppingToken;
    private Task _flusher = Task.CompletedTask;

    /// <summary>Creates the broker; <paramref name="options"/> are validated here, nothing listens until <see cref="StartAsync"/>.</summary>
    /// <param name="options">The options.</param>
    /// <param name="log">Where lockouts, refused oversize packets, drops and refused held publishes are logged (rate-limited); none by default.</param>
    /// <exception cref="ArgumentException">An option is out of range or unsafe (see <see cref="EmbeddedBrokerOptions.Validate"/>).</exception>
    public EmbeddedBroker(EmbeddedBrokerOptions options, ILogger? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _log = log ?? NullLogger.Instance;
        _throttle = new LoginThrottle(options.MaxFailedLogins, options.LoginLockout, options.Time);
        _refusalLog = new RefusalLog(TimeSpan.FromMinutes(1), options.Time);
        _dropLog = new RefusalLog(TimeSpan.FromMinutes(1), options.Time);
        _heldLog = new RefusalLog(TimeSpan.FromMinutes(1), options.Time);
        FlowControl = new SubscriberFlowControl(options.CollectorHighWaterMessages, options.CollectorHighWaterBytes, options.MaxHeldPublishes);
    }

    /// <summary>The collector's own login to this broker, made at construction and known to this process only.</summary>
    public InternalCredentials Internal { get; } = new();

    /// <summary>Client ids the broker holds a principal for: the connected clients (a disconnected one is forgotten).</summary>
    public int TrackedClients => _principals.Count;

    /// <summary>Addresses with failed logins or a lockout in force.</summary>
    public int ThrottledAddresses => _throttle.Tracked;

    /// <summary>Connections, refusals by reason, queued and dropped messages.</summary>
    public BrokerCounters Counters { get; } = new();

    /// <summary>Raised on every refusal, after it is counted (for logs). Handlers run on the broker's threads: be quick, never throw.</summary>
    public event Action<BrokerRefusal>? Refused;

    /// <summary>The port listened on (the OS's choice when the options said 0); 0 before start.</summary>
    public int Port => _adapters.Count > 0 ? _adapters[0].BoundPort : 0;

    /// <summary>Every address and port listened on.</summary>
    public IReadOnlyList<IPEndPoint> Endpoints => [.. _adapters.Select(a => new IPEndPoint(a.Address, a.BoundPort))];

    /// <summary>The credentials in force (reloaded when the file changes), or null in anonymous mode.</summary>
    public CredentialsSource? Credentials { get; private set; }

    /// <summary>Failed writes of the retained-message file (each retried; 0 when no file is configured).</summary>
    public long RetainedWriteFailures => _retained?.WriteFailures ?? 0;

    /// <summary>Loads the credentials and retained messages, then listens.</summary>
    /// <exception cref="FileNotFoundException">The credentials file does not exist.</exception>
    /// <exception cref="FormatException">A line of the credentials file is malformed.</exception>
    /// <exception cref="InvalidDataException">The retained-message file is not one.</exception>
    /// <exception cref="System.Net.Sockets.SocketException">An address or the port cannot be bound.</exception>
    public async Task StartAsync()
    {
        if (_server is not null)
        {
            throw new InvalidOperationException("the broker is already started");
        }

        Credentials = _options.CredentialsPath is null ? null : new CredentialsSource(_options.CredentialsPath);
        _policy = new ConnectionPolicy(Credentials, _options.ServiceUsernames, Internal);
        _retained = _options.RetainedStorePath is null ? null : new RetainedStore(_options.RetainedStorePath, _options.RetainedStoreMode);
        _loaded = _retained?.Load() ?? [];

        foreach (var address in _options.BindAddresses)
        {
            var first = _adapters.Count == 0 ? null : _adapters[0];
            _adapters.Add(new SingleAddressAdapter(address, () => first?.BoundPort ?? _options.Port, _options.MaxPacketBytes, OnTooLarge));
        }

        var serverOptions = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithoutDefaultEndpoint()
            .WithPersistentSessions(true)
            .WithMaxPendingMessagesPerClient(_options.MaxPendingMessagesPerClient)
            // A full queue drops the new message: the older ones hold a device's baseline, and a later window's counter
            // covers a dropped one (MQTTnet's default, dropping the oldest, also leaves it in the session's unacknowledged list).
            .WithPendingMessagesOverflowStrategy(MqttPendingMessagesOverflowStrategy.DropNewMessage)
            .Build();
        _stopping = new CancellationTokenSource();
        _stoppingToken = _stopping.Token;
        var server = new MqttServerFactory().CreateMqttServer(serverOptions, _adapters);
        server.ValidatingConnectionAsync += OnValidatingAsync;
        server.ClientDisconnectedAsync += OnDisconnectedAsync;
        server.InterceptingPublishAsync += OnPublishAsync;
        server.InterceptingSubscriptionAsync += OnSubscribingAsync;
        server.ApplicationMessageEnqueuedOrDroppedAsync += OnEnqueuedAsync;
        server.InterceptingClientEnqueueAsync += OnClientEnqueueAsync;
        server.ClientAcknowledgedPublishPacketAsync += OnAcknowledgedAsync;
        server.SessionDeletedAsync += OnSessionDeletedAsync;
        server.InterceptingOutboundPacketAsync += OnOutboundAsync;
        server.ClientSubscribedTopicAsync += OnSubscribedAsync;
        server.ClientUnsubscribedTopicAsync += OnUnsubscribedAsync;
        server.ApplicationMessageNotConsumedAsync += OnNotConsumedAsync;
        server.LoadingRetainedMessageAsync += OnLoadingRetainedAsync;
        server.RetainedMessageChangedAsync += OnRetainedChangedAsync;
        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            server.Dispose();
            _adapters.Clear();
            _stopping.Dispose();
            _stopping = null;
            if (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse })
            {
                // Said with the address, as Kestrel says it: the socket's own message names no port.
                throw new IOException($"Failed to bind the MQTT broker to {string.Join(", ", _options.BindAddresses.Select(a => $"{a}:{_options.Port}"))}: address already in use.", e);
            }

            throw;
        }

        _server = server;
        _flusher = _retained?.RunAsync(_options.RetainedFlushInterval, _stopping.Token) ?? Task.CompletedTask;
    }

    /// <summary>Disconnects every client, stops listening and writes the retained messages a last time.</summary>
    public async Task StopAsync()
    {
        if (_server is null)
        {
            return;
        }

        await _stopping!.CancelAsync().ConfigureAwait(false);
        await _flusher.ConfigureAwait(false);
        await _server.StopAsync().ConfigureAwait(false);
        _server.Dispose();
        _server = null;
        _retained?.FlushIfDirty();
        _stopping.Dispose();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        if (string.IsNullOrEmpty(e.ClientId))
        {
            return; // injected by this process through the server API, not by a client
        }

        var topic = e.ApplicationMessage.Topic;
        var principal = _principals.TryGetValue(e.ClientId, out var connection) ? connection.Principal : null;
        var reason = principal is not null ? TopicAcl.CheckPublish(principal, topic) : RefusalReasons.UnknownClient;
        if (reason is not null)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.Response.ReasonString = reason;
            Refuse(RefusalStage.Publish, reason, e.ClientId, principal?.Name, topic);
            return;
        }

        if (await HoldAsync(e, principal!, topic).ConfigureAwait(false))
        {
            await TryDeliverDirectAsync(e).ConfigureAwait(false);
        }
    }

    private Task OnSubscribingAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter.Topic;
        var principal = _principals.TryGetValue(e.ClientId, out var connection) ? connection.Principal : null;
        var reason = principal is not null ? TopicAcl.CheckSubscribe(principal, filter) : RefusalReasons.UnknownClient;
        if (reason is not null)
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            e.Response.ReasonString = reason;
            Refuse(RefusalStage.Subscribe, reason, e.ClientId, principal?.Name, filter);
        }

        return Task.CompletedTask;
    }

    private Task OnNotConsumedAsync(ApplicationMessageNotConsumedEventArgs e)
    {
        Counters.WithoutSubscriber();
        FlowControl.NotQueued();
        return Task.CompletedTask;
    }

    private Task OnLoadingRetainedAsync(LoadingRetainedMessagesEventArgs e)
    {
        e.LoadedRetainedMessages = _loaded;
        return Task.CompletedTask;
    }

    private Task OnRetainedChangedAsync(RetainedMessageChangedEventArgs e)
    {
        _retained?.Changed(e.ChangedRetainedMessage);
        return Task.CompletedTask;
    }

    private void Refuse(RefusalStage stage, string reason, string? clientId, string? username, string? topic)
    {
        Counters.Refused(stage, reason);
        Refused?.Invoke(new BrokerRefusal(stage, reason, clientId, username, topic));
    }
}
