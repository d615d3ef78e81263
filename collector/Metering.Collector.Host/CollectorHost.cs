using System.Threading.Channels;
using Metering.Collector.Attribution;
using Metering.Collector.Files;
using Metering.Collector.Host.Settings;
using Metering.Collector.Ingest;
using Metering.Collector.Jobs;
using Metering.Collector.Mqtt;
using Metering.Collector.Nodes;
using Metering.Collector.Slurm;
using Metering.Collector.Storage;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Host;

/// <summary>
/// The running collector: embedded broker (optional), MQTT subscriber, ingest pipeline, durable outbox and its
/// drainer into the sink, state and dead letters, health and inventory reloads. `metering serve`, the demo, the
/// benchmark and the tests all run this one composition.
/// </summary>
public sealed partial class CollectorHost : IAsyncDisposable
{
    private readonly CollectorSettings _options;
    private readonly ILoggerFactory _logs;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly IngestProcessor _processor;
    private readonly Channel<ReceivedMessage> _received;
    private readonly SqliteJobPersistence _jobsDb;
    private DateTime _inventoryWritten;
    private Inventory _inventory = Inventory.Empty;

    private CollectorHost(CollectorSettings options, ILoggerFactory logs, TimeProvider time)
    {
        _options = options;
        _logs = logs;
        _time = time;
        var files = options.DataFiles;
        files.PrepareAll(options, logs.CreateLogger<DataFileAccess>());
        var storage = options.EffectiveStorage;
        Outbox = new SqliteOutbox(storage.Outbox, time, logs.CreateLogger<SqliteOutbox>());
        Sink = SinkFactory.Create(storage);
        Drainer = new OutboxDrainer(Outbox, Sink, storage.Drain, time, logs.CreateLogger<OutboxDrainer>());
        StateStore = new StateStore(options.Paths.State);
        DeadLetters = new DeadLetterStore(options.Paths.State);
        var inventory = LoadInventory();
        _jobsDb = new SqliteJobPersistence(options.Paths.Jobs);
        // Memory holds what attribution may still ask for; older jobs and estimates are read back from jobs.db when asked.
        var retentionMs = Math.Max(options.Attribution.RetentionMinutes * 60_000L, options.NodeEnergy.RetentionSeconds * 1000L);
        Jobs = new JobStore(_jobsDb, heldAfterMs: time.GetUtcNow().ToUnixTimeMilliseconds() - (2 * retentionMs));
        ApiToken = ApiToken.Resolve(options.Jobs.Token, options.Paths.ApiToken, logs.CreateLogger<ApiToken>(), files.FileMode);
        Access = new ApiAccess(ApiToken, ApiToken.Resolve(options.Jobs.ReadToken, options.Paths.ApiReadToken, logs.CreateLogger<ApiToken>(), files.FileMode),
            options.Http.ReadsNeedTokenInEffect);
        Facility = new FacilityModelSource(options, logs.CreateLogger<FacilityModelSource>());
        var containment = new Containment(DeadLetters, Metrics, time, logs.CreateLogger<Containment>());
        Attribution = LiveAttribution.Load(StateStore, Jobs, inventory, new Attributor(options.Attribution.ToPolicy(), Facility.Model),
            options.Attribution.ToStageOptions(), new LiveAttributionOptions { BucketWidthMs = options.NodeEnergy.BucketSeconds * 1000L }, containment);
        Attribution.StandInsReplaced += buckets => logs.CreateLogger<CollectorHost>().LogWarning(
            "Configuration: {Buckets} retained node buckets had been attributed with no PUE or carbon intensity for their time and now take the configured one; their job figures are rewritten (buckets attributed with a configured factor keep theirs)",
            buckets);
        Ingest = IngestState.Load(StateStore, inventory, options.NodeEnergy.ToOptions(), new TimePlacement(), [Attribution]);
        Broker = options.Broker.Embedded ? new EmbeddedBroker(options.Broker.ToOptions(options.Paths, files.FileMode), logs.CreateLogger<EmbeddedBroker>()) : null;
        _received = Channel.CreateBounded<ReceivedMessage>(new BoundedChannelOptions(50_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _processor = new IngestProcessor(Ingest, Outbox, DeadLetters, Metrics, time, Attribution, containment,
            new LedgerReporter(DeadLetters, Metrics, time, logs.CreateLogger<LedgerReporter>()));
        Pipeline = new IngestPipeline(_received.Reader, _processor, Metrics, logs.CreateLogger<IngestPipeline>());
        Status = new CollectorStatus(Metrics, Outbox, Ingest, DeadLetters, () => Client?.IsConnected ?? false, time)
        {
            Broker = Broker,
            SubscriberDisconnects = () => Client?.Disconnects ?? 0,
            SetupWarnings = () => [.. SetupWarnings, .. ConfigurationWarnings.JobsOnUnknownNodes(Jobs.Held(), _inventory)],
        };
    }

    /// <summary>Builds the collector from validated options (nothing runs until <see cref="StartAsync"/>).</summary>
    public static CollectorHost Create(CollectorSettings options, ILoggerFactory logs, TimeProvider? time = null)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new CollectorConfigurationException(errors);
        }

        return new CollectorHost(options, logs, time ?? TimeProvider.System);
    }

    /// <summary>Prometheus metrics.</summary>
    public CollectorMetrics Metrics { get; } = new();

    /// <summary>Health.</summary>
    public CollectorStatus Status { get; }

    /// <summary>The embedded broker, when enabled.</summary>
    public EmbeddedBroker? Broker { get; }

    /// <summary>The MQTT subscriber (created at start).</summary>
    public MqttIngestClient? Client { get; private set; }

    /// <summary>The durable outbox.</summary>
    public SqliteOutbox Outbox { get; }

    /// <summary>The sink.</summary>
    public ISink Sink { get; }

    /// <summary>The sink's reader, when the sink can answer queries.</summary>
    public IPointReader? Reader => Sink as IPointReader;

    /// <summary>The drainer from outbox to sink.</summary>
    public OutboxDrainer Drainer { get; }

    /// <summary>Saved state.</summary>
    public StateStore StateStore { get; }

    /// <summary>Refused messages.</summary>
    public DeadLetterStore DeadLetters { get; }

    /// <summary>Ingest state (devices, channels, nodes).</summary>
    public IngestState Ingest { get; }

    /// <summary>Jobs and power estimates, from every job source; attribution reads them.</summary>
    public JobStore Jobs { get; }

    /// <summary>The admin token of the HTTP API (it also keys the node tokens).</summary>
    public ApiToken ApiToken { get; }

    /// <summary>The HTTP API's tokens (admin, read-only, per node) and whether reads need one.</summary>
    public ApiAccess Access { get; }

    /// <summary>Attribution of node energy to jobs, run by the pipeline.</summary>
    public LiveAttribution Attribution { get; }

    /// <summary>PUE and carbon intensity, from configuration and the imported series.</summary>
    public FacilityModelSource Facility { get; }

    /// <summary>The batching pipeline.</summary>
    public IngestPipeline Pipeline { get; }

    /// <summary>The MQTT port the collector subscribes on.</summary>
    public int MqttPort => Broker?.Port ?? _options.Mqtt.Port;

    /// <summary>Starts the broker, the subscriber and the background loops.</summary>
    public async Task StartAsync()
    {
        var log = _logs.CreateLogger<CollectorHost>();
        if (Broker is not null)
        {
            var refusals = new RateLimitedLog(_logs.CreateLogger<EmbeddedBroker>(), _time);
            Broker.Refused += r =>
            {
                Metrics.BrokerRefused.WithLabels(r.Reason).Inc();
                refusals.Event(r.Reason, (l, since) => l.LogWarning(
                    "The broker refused a {Stage} ({Reason}) from client {ClientId}, user {User}, topic {Topic} ({Since} more from it since the last line)",
                    r.Stage, r.Reason, r.ClientId, r.Username, r.Topic, since));
            };
            await Broker.StartAsync();
            log.LogInformation("Embedded MQTT broker listening on {Endpoints}", string.Join(", ", Broker.Endpoints));
        }

        // On the embedded broker the subscriber logs in as the broker's internal principal (a password made at start,
        // in memory only), so a credentials file needs no collector user. An external broker needs one.
        var mqtt = Broker is null ? _options.Mqtt
            : _options.Mqtt with { Host = "127.0.0.1", Port = Broker.Port, Username = InternalCredentials.Username, Password = Broker.Internal.Password };
        if (Broker is null && mqtt.Username is null)
        {
            log.LogWarning("Subscribing to the MQTT broker {Host}:{Port} without a username. If it authenticates its clients, {Advice}", mqtt.Host, mqtt.Port, MqttSettings.ServiceAccountAdvice);
        }

        Client = new MqttIngestClient(mqtt, _received.Writer, _time, _logs.CreateLogger<MqttIngestClient>());
        _loops.Add(Loop("ingest", Pipeline.RunAsync));
        _loops.Add(Loop("drain", Drainer.RunAsync));
        _loops.Add(Loop("health", HealthAsync));
        if (_options.Slurm.Enabled)
        {
            _loops.Add(Loop("slurm", new SlurmJobSource(_options.Slurm, Jobs, Metrics.Registry, _logs, _time).RunAsync));
        }

        await Client.StartAsync(_stop.Token);
        log.LogInformation("Collector started: data in {Data}, sink {Sink}", Path.GetFullPath(_options.DataDirectory), Sink.Name);
        log.LogInformation("Jobs: {Count} in {Path} ({Held} held in memory, with {Estimates} estimates); job API token {Token}; Slurm reconciliation {Slurm}",
            _jobsDb.JobCount(), _jobsDb.Path, Jobs.Count, Jobs.EstimateCount,
            ApiToken.FilePath ?? "from configuration (Jobs:Token)", _options.Slurm.Enabled ? $"every {_options.Slurm.IntervalSeconds} s" : "off");
        CheckSetup();
    }

    /// <summary>A task that completes when any background loop stops with an error (the host should then stop).</summary>
    public Task Faulted => Task.WhenAny(_loops).Unwrap();

    private Task Loop(string name, Func<CancellationToken, Task> body) => Task.Run(async () =>
    {
        try
        {
            await body(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logs.CreateLogger<CollectorHost>().LogCritical(ex, "The {Loop} loop stopped", name);
            throw;
        }
    });

    private async Task HealthAsync(CancellationToken stop)
    {
        long lastWrites = 0, seconds = 0;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), _time, stop);
            Status.Refresh();
            var d = Drainer.Metrics;
            foreach (var (kind, count) in d.ErrorsByKind)
            {
                Metrics.SinkErrors.WithLabels(Sink.Name, kind).IncTo(count);
            }

            if (d.Writes > lastWrites)
            {
                Metrics.SinkSeconds.WithLabels(Sink.Name).Observe(d.LastWriteLatency.TotalSeconds);
                lastWrites = d.Writes;
            }

            ReloadInventoryIfChanged();
            if (Facility.ReloadIfChanged() is { } facility)
            {
                Attribution.UseFacility(facility);
                CheckSetup();
            }

            if (++seconds % 60 == 0)
            {
                await WriteHealthAsync(stop);
            }
        }
    }

    /// <summary>Appends a <c>collector_health</c> point; skipped while the outbox is full (measurements come first).</summary>
    private async Task WriteHealthAsync(CancellationToken stop)
    {
        if (Outbox.IsFull)
        {
            return;
        }

        static long Sum(Prometheus.Counter c) => (long)c.GetAllLabelValues().Sum(l => c.WithLabels(l).Value);
        var point = HealthPoints.Health(Environment.MachineName.ToLowerInvariant(), Status.Snapshot(), Sum(Metrics.Messages), Sum(Metrics.Rejected),
            (long)Metrics.Duplicates.Value, (long)Metrics.Readings.Value, DeadLetters.Count, _time.GetUtcNow().ToUnixTimeMilliseconds());
        await Outbox.AppendAsync([point], stop);
    }

    /// <summary>Stops everything: the subscriber first (so nothing new arrives), then the loops, then the stores.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        await _stop.CancelAsync();
        foreach (var loop in _loops)
        {
            try
            {
                await loop;
            }
            catch (Exception)
            {
                // Already logged by the loop.
            }
        }

        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }

        Outbox.Dispose();
        (Sink as IDisposable)?.Dispose();
        StateStore.Dispose();
        DeadLetters.Dispose();
        _jobsDb.Dispose();
        _stop.Dispose();
    }
}

/// <summary>Settings that failed validation; the message lists each, naming the setting.</summary>
public sealed class CollectorConfigurationException(IReadOnlyList<string> errors)
    : Exception("invalid configuration:\n  " + string.Join("\n  ", errors))
{
    /// <summary>Each problem, naming its setting.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;
}
