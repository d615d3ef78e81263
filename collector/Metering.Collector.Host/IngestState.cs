using Metering.Collector.Ingest;
using Metering.Collector.Intervals;
using Metering.Collector.Nodes;
using Metering.Collector.Storage;

namespace Metering.Collector.Host;

/// <summary>
/// The collector's in-memory ingest state and its persistence in the <see cref="StateStore"/>: device ledgers
/// (lives, duplicates, clock offsets, ratings, operators' reset requests), channel interval states, node energy buckets, unmapped channels and the device
/// registry. Restored at start-up; <see cref="Checkpoint"/> saves what changed since the last checkpoint.
/// </summary>
public sealed class IngestState
{
    /// <summary>The state store's document kind of the device ledgers.</summary>
    internal const string LedgerKind = "ledger";
    private const string ChannelKind = "channel";
    private const string DeviceKind = "device";
    private const string UnmappedKind = "unmapped";
    private const string NodeBucketKind = "node_bucket";
    private const string NodeMetaKind = "node_meta";

    private readonly StateStore _store;
    private readonly HashSet<string> _touchedDevices = new(StringComparer.Ordinal);
    private readonly HashSet<ChannelKey> _touchedChannels = [];
    private readonly Dictionary<string, (bool, bool, int, long, long, long)> _savedBuckets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _appliedResets = new(StringComparer.Ordinal);
    private long _nextResetPollMs = long.MinValue;

    private IngestState(StateStore store, Inventory inventory, NodeEnergyOptions nodeOptions, TimePlacement time, IReadOnlyList<ICheckpointPart> parts)
    {
        _store = store;
        Parts = parts;
        Inventory = inventory;
        Ingestor = new TelemetryIngestor(time);
        foreach (var (device, ledger) in store.Load<DeviceLedger>(LedgerKind))
        {
            Ingestor.Restore(device, ledger);
        }

        Intervals = new IntervalEngine(store.Load<ChannelState>(ChannelKind).Values);
        foreach (var info in store.Load<DeviceInfo>(DeviceKind).Values)
        {
            Devices.Restore(info);
        }

        Unmapped = new UnmappedRegistry(store.Load<UnmappedChannel>(UnmappedKind).Values);
        var buckets = store.Load<BucketSnapshot>(NodeBucketKind);
        var meta = store.Load<NodeEnergySnapshot>(NodeMetaKind);
        NodeEnergy = meta.TryGetValue("meta", out var m) && m.WidthMs == nodeOptions.WidthMs
            ? NodeEnergyAccumulator.Import(m with { Buckets = [.. buckets.Values] }, inventory, nodeOptions)
            : new NodeEnergyAccumulator(inventory, nodeOptions);
        foreach (var (key, b) in buckets)
        {
            _savedBuckets[key] = Signature(b);
        }
    }

    /// <summary>The unmapped channels saved in <paramref name="store"/> (`metering inventory unmapped`, also while a collector runs).</summary>
    public static IEnumerable<UnmappedChannel> SavedUnmapped(StateStore store) => store.Load<UnmappedChannel>(UnmappedKind).Values;

    /// <summary>Loads the state saved in <paramref name="store"/>.</summary>
    public static IngestState Load(StateStore store, Inventory inventory, NodeEnergyOptions nodeOptions, TimePlacement time, IReadOnlyList<ICheckpointPart>? parts = null) =>
        new(store, inventory, nodeOptions, time, parts ?? []);

    /// <summary>The inventory in effect.</summary>
    public Inventory Inventory { get; private set; }

    /// <summary>True when the inventory in effect has a node <paramref name="nodeId"/> (for readers that need no more of it).</summary>
    public bool KnowsNode(string nodeId) => Inventory.FindNode(nodeId) is not null;

    /// <summary>Decoding, validation, duplicates, time placement.</summary>
    public TelemetryIngestor Ingestor { get; }

    /// <summary>Per-channel intervals.</summary>
    public IntervalEngine Intervals { get; }

    /// <summary>Node energy buckets.</summary>
    public NodeEnergyAccumulator NodeEnergy { get; }

    /// <summary>Channels seen without a mapping.</summary>
    public UnmappedRegistry Unmapped { get; }

    /// <summary>Later stages' state, saved with each checkpoint in the same transaction.</summary>
    public IReadOnlyList<ICheckpointPart> Parts { get; }

    /// <summary>What is known of each device.</summary>
    public DeviceRegistry Devices { get; } = new();

    /// <summary>Replaces the inventory (after `metering inventory` changed the file).</summary>
    public void UseInventory(Inventory inventory)
    {
        Inventory = inventory;
        NodeEnergy.Inventory = inventory;
        Unmapped.Prune(inventory);
    }

    /// <summary>
    /// Applies the operators' reset-ledger requests recorded in the store (<see cref="LedgerResetRequests"/>), at most
    /// once a second of <paramref name="nowMs"/>: each device's next telemetry starts a new life. The next checkpoint
    /// saves the ledgers and deletes the requests in one transaction. Returns the devices it applied requests to.
    /// </summary>
    public IReadOnlyList<string> ApplyLedgerResets(long nowMs)
    {
        if (nowMs < _nextResetPollMs)
        {
            return [];
        }

        _nextResetPollMs = nowMs + 1000;
        var applied = new List<string>();
        foreach (var (key, request) in LedgerResetRequests.Pending(_store))
        {
            if (_appliedResets.Add(key))
            {
                Ingestor.RequestNewLife(request.DeviceId);
                Touch(request.DeviceId);
                applied.Add(request.DeviceId);
            }
        }

        return applied;
    }

    /// <summary>Marks a device whose ledger or registry entry changed.</summary>
    public void Touch(string? device)
    {
        if (device is not null)
        {
            _touchedDevices.Add(device);
        }
    }

    /// <summary>Marks a channel whose interval state changed.</summary>
    public void Touch(ChannelKey channel) => _touchedChannels.Add(channel);

    /// <summary>Saves everything that changed since the last checkpoint, in one transaction.</summary>
    public void Checkpoint()
    {
        var docs = new List<(string, string, object)>();
        var devices = Devices.All().ToDictionary(d => d.DeviceId, StringComparer.Ordinal);
        foreach (var device in _touchedDevices)
        {
            if (Ingestor.Ledgers.TryGetValue(device, out var ledger))
            {
                docs.Add((LedgerKind, device, ledger));
            }

            if (devices.TryGetValue(device, out var info))
            {
                docs.Add((DeviceKind, device, info));
            }
        }

        _touchedDevices.Clear();
        foreach (var key in _touchedChannels)
        {
            if (Intervals.State(key) is { } channel)
            {
                docs.Add((ChannelKind, $"{channel.DeviceId}/{channel.ChannelId}", channel));
            }
        }

        _touchedChannels.Clear();

        foreach (var u in Unmapped.Export())
        {
            docs.Add((UnmappedKind, $"{u.DeviceId}/{u.ChannelId}", u));
        }

        var snapshot = NodeEnergy.Export();
        var live = new HashSet<string>(StringComparer.Ordinal);
        foreach (var b in snapshot.Buckets)
        {
            var key = $"{b.NodeId}/{b.StartMs}";
            live.Add(key);
            var signature = Signature(b);
            if (!_savedBuckets.TryGetValue(key, out var saved) || saved != signature)
            {
                docs.Add((NodeBucketKind, key, b));
                _savedBuckets[key] = signature;
            }
        }

        docs.Add((NodeMetaKind, "meta", snapshot with { Buckets = [] }));
        var removed = _savedBuckets.Keys.Where(k => !live.Contains(k)).ToList();
        var deletions = removed.Select(k => (NodeBucketKind, k)).Concat(_appliedResets.Select(k => (LedgerResetRequests.Kind, k))).ToList();
        foreach (var part in Parts)
        {
            part.Collect(docs, deletions);
        }

        _store.Save(docs, deletions);
        _appliedResets.Clear();
        foreach (var k in removed)
        {
            _savedBuckets.Remove(k);
        }
    }

    /// <summary>Enough of a bucket to tell whether it changed since it was saved.</summary>
    private static (bool, bool, int, long, long, long) Signature(BucketSnapshot b) =>
        (b.Emitted, b.Dirty, b.Revision, b.Feeds.Sum(f => f.EnergyMillijoules), b.Feeds.Sum(f => f.CoveredMs), b.Feeds.Sum(f => f.BridgedMs) * 64 + b.Feeds.Count);
}
