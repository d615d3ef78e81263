using System.Collections.Concurrent;
using System.Net;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Metering.Collector.Mqtt;

/// <summary>
/// The collector's own MQTT broker (MQTTnet.Server 5), for sites without mosquitto: loopback-only by default,
/// device authentication from a credentials file, per-device topic rules (<see cref="TopicAcl"/>), a raised
/// per-client queue whose drops are counted, persistent sessions for the collector, and retained messages
/// optionally kept in a file. README.md in this folder says what is enforced in each mode.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly EmbeddedBrokerOptions _options;
    private readonly ConcurrentDictionary<string, Principal> _principals = new(StringComparer.Ordinal);
    private readonly List<SingleAddressAdapter> _adapters = [];
    private ConnectionPolicy _policy = null!;
    private RetainedStore? _retained;
    private List<MQTTnet.MqttApplicationMessage> _loaded = [];
    private MqttServer? _server;
    private CancellationTokenSource? _stopping;
    private Task _flusher = Task.CompletedTask;

    /// <summary>Creates the broker; <paramref name="options"/> are validated here, nothing listens until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range or unsafe (see <see cref="EmbeddedBrokerOptions.Validate"/>).</exception>
    public EmbeddedBroker(EmbeddedBrokerOptions options)
    {
        options.Validate();
        _options = options;
    }

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
        _policy = new ConnectionPolicy(Credentials, _options.ServiceUsernames);
        _retained = _options.RetainedStorePath is null ? null : new RetainedStore(_options.RetainedStorePath, _options.RetainedStoreMode);
        _loaded = _retained?.Load() ?? [];

        foreach (var address in _options.BindAddresses)
        {
            var first = _adapters.Count == 0 ? null : _adapters[0];
            _adapters.Add(new SingleAddressAdapter(address, () => first?.BoundPort ?? _options.Port));
        }

        var serverOptions = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithoutDefaultEndpoint()
            .WithPersistentSessions(true)
            .WithMaxPendingMessagesPerClient(_options.MaxPendingMessagesPerClient)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(serverOptions, _adapters);
        server.ValidatingConnectionAsync += OnValidatingAsync;
        server.InterceptingPublishAsync += OnPublishAsync;
        server.InterceptingSubscriptionAsync += OnSubscribingAsync;
        server.ApplicationMessageEnqueuedOrDroppedAsync += OnEnqueuedAsync;
        server.QueuedApplicationMessageOverwrittenAsync += OnOverwrittenAsync;
        server.ApplicationMessageNotConsumedAsync += OnNotConsumedAsync;
        server.LoadingRetainedMessageAsync += OnLoadingRetainedAsync;
        server.RetainedMessageChangedAsync += OnRetainedChangedAsync;
        try
        {
            await server.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            server.Dispose();
            _adapters.Clear();
            throw;
        }

        _server = server;
        _stopping = new CancellationTokenSource();
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

    private Task OnValidatingAsync(ValidatingConnectionEventArgs e)
    {
        var decision = _policy.Decide(new ConnectRequest(e.UserName, e.Password, e.ClientId, IsLoopback(e.RemoteEndPoint)));
        if (decision.Principal is null)
        {
            e.ReasonCode = decision.Code;
            Refuse(RefusalStage.Connect, decision.Refusal!, e.ClientId, e.UserName, null);
            return Task.CompletedTask;
        }

        var clientId = e.ClientId;
        if (string.IsNullOrEmpty(clientId))
        {
            // MQTT 5 lets the server name a client that sent none (devices never get here: theirs must be their id).
            clientId = e.AssignedClientIdentifier = "auto-" + Guid.NewGuid().ToString("N");
        }

        // Kept per client id, not in the session's items: a resumed persistent session keeps its first connection's items.
        // Entries stay for the broker's lifetime (one small record per distinct client id), so a last will
        // published after the disconnect is still judged by its sender's rules.
        _principals[clientId] = decision.Principal;
        Counters.ConnectionAccepted();
        return Task.CompletedTask;
    }

    private Task OnPublishAsync(InterceptingPublishEventArgs e)
    {
        if (string.IsNullOrEmpty(e.ClientId))
        {
            return Task.CompletedTask; // injected by this process through the server API, not by a client
        }

        var topic = e.ApplicationMessage.Topic;
        var reason = _principals.TryGetValue(e.ClientId, out var principal) ? TopicAcl.CheckPublish(principal, topic) : RefusalReasons.UnknownClient;
        if (reason is not null)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.Response.ReasonString = reason;
            Refuse(RefusalStage.Publish, reason, e.ClientId, principal?.Name, topic);
        }

        return Task.CompletedTask;
    }

    private Task OnSubscribingAsync(InterceptingSubscriptionEventArgs e)
    {
        var filter = e.TopicFilter.Topic;
        var reason = _principals.TryGetValue(e.ClientId, out var principal) ? TopicAcl.CheckSubscribe(principal, filter) : RefusalReasons.UnknownClient;
        if (reason is not null)
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            e.Response.ReasonString = reason;
            Refuse(RefusalStage.Subscribe, reason, e.ClientId, principal?.Name, filter);
        }

        return Task.CompletedTask;
    }

    private Task OnEnqueuedAsync(ApplicationMessageEnqueuedEventArgs e)
    {
        if (e.IsDropped)
        {
            Counters.Dropped();
        }
        else
        {
            Counters.Queued();
        }

        return Task.CompletedTask;
    }

    private Task OnOverwrittenAsync(QueueMessageOverwrittenEventArgs e)
    {
        // MQTTnet's default overflow strategy drops the oldest queued message and reports it only here.
        Counters.Dropped();
        return Task.CompletedTask;
    }

    private Task OnNotConsumedAsync(ApplicationMessageNotConsumedEventArgs e)
    {
        Counters.WithoutSubscriber();
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

    private static bool IsLoopback(EndPoint? endPoint) => endPoint is IPEndPoint ip
        && IPAddress.IsLoopback(ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address);
}
