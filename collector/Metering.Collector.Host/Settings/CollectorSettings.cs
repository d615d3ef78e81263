using Metering.Collector.Files;
using Metering.Collector.Mqtt;
using Metering.Collector.Slurm;

namespace Metering.Collector.Host.Settings;

/// <summary>
/// Everything `metering serve` reads from appsettings.json, the environment (METERING__SECTION__KEY) and the
/// command line (--Section:Key=value). With none of it, the embedded defaults run: an MQTT broker on
/// 127.0.0.1:1883, a SQLite store under ./metering-data, the HTTP API on 127.0.0.1:8080.
/// </summary>
public sealed class CollectorSettings
{
    private Microsoft.Extensions.Configuration.IConfiguration? _logging;

    /// <summary>Where the collector keeps its databases (outbox, state, dead letters, the SQLite store).</summary>
    public string DataDirectory { get; set; } = Files.DataDirectory.DefaultRoot;

    /// <summary>
    /// A Unix group (name or numeric id) that may read the data files: they are then created 0640 and the data
    /// directory is given the group and mode 2750 (setgid: files created in it get the group). Null: files 0600, a new
    /// data directory 0700, the collector's user only.
    /// </summary>
    public string? DataGroup { get; set; }

    /// <summary>
    /// The <c>Logging</c> section of the sources these settings came from (levels per category, console options), for
    /// the host's logging; null for settings built in code. A method, not a setting: the binder and the settings
    /// table skip it.
    /// </summary>
    public Microsoft.Extensions.Configuration.IConfiguration? Logging() => _logging;

    /// <summary>Keeps the <c>Logging</c> section the settings were read with.</summary>
    internal void UseLogging(Microsoft.Extensions.Configuration.IConfiguration section) => _logging = section;

    /// <summary>The embedded broker (used unless <see cref="BrokerSettings.Embedded"/> is false).</summary>
    public BrokerSettings Broker { get; set; } = new();

    /// <summary>The external broker the collector subscribes to when the embedded one is off.</summary>
    public MqttSettings Mqtt { get; set; } = new();

    /// <summary>The HTTP API.</summary>
    public HttpSettings Http { get; set; } = new();

    /// <summary>Outbox and sink (configuration section <c>Storage</c>; Storage/README.md).</summary>
    public Storage.StorageSettings Storage { get; set; } = new();

    /// <summary>The inventory file (channels to node feeds); default: inventory.json in the data directory.</summary>
    public string? InventoryPath { get; set; }

    /// <summary>Node energy buckets.</summary>
    public NodeEnergySettings NodeEnergy { get; set; } = new();

    /// <summary>The HTTP job API (section <c>Jobs</c>: its token).</summary>
    public JobsSettings Jobs { get; set; } = new();

    /// <summary>Slurm reconciliation (section <c>Slurm</c>).</summary>
    public SlurmSettings Slurm { get; set; } = new();

    /// <summary>Attribution of node energy to jobs.</summary>
    public AttributionSettings Attribution { get; set; } = new();

    /// <summary>PUE by zone or site.</summary>
    public FacilitySettings Facility { get; set; } = new();

    /// <summary>Carbon intensity by zone or site.</summary>
    public CarbonSettings Carbon { get; set; } = new();

    /// <summary>Checks every setting; each message names the setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(DataDirectory)) errors.Add("DataDirectory is required");
        if (DataGroup is not null && UnixGroups.Resolve(DataGroup) is null) errors.Add($"DataGroup: there is no group '{DataGroup}' on this system (a group name, or a numeric id)");
        errors.AddRange(Broker.Validate());
        if (!Broker.Embedded) errors.AddRange(Mqtt.Validate());
        if (Broker.Embedded && Mqtt.MaxPacketBytes < Broker.MaxPacketBytes)
        {
            errors.Add($"Mqtt:MaxPacketBytes ({Mqtt.MaxPacketBytes}) must be at least Broker:MaxPacketBytes ({Broker.MaxPacketBytes}): messages the broker accepts must reach the collector");
        }

        errors.AddRange(Http.Validate());
        errors.AddRange(EffectiveStorage.Validate());
        errors.AddRange(NodeEnergy.Validate());
        errors.AddRange(Jobs.Validate());
        errors.AddRange(Slurm.Validate());
        errors.AddRange(Attribution.Validate(NodeEnergy));
        errors.AddRange(Facility.Validate());
        errors.AddRange(Carbon.Validate());
        return errors;
    }

    /// <summary>
    /// The storage options in effect: files left at their defaults go into <see cref="DataDirectory"/>
    /// (outbox.db for the outbox, store.db for the SQLite sink).
    /// </summary>
    public Storage.StorageSettings EffectiveStorage => Storage with
    {
        Outbox = Storage.Outbox with { Path = InData(Storage.Outbox.Path, new Storage.OutboxSettings().Path, Paths.Outbox) },
        Sqlite = Storage.Sqlite with { Path = InData(Storage.Sqlite.Path, new Storage.SqliteSinkSettings().Path, Paths.Store) },
    };

    /// <summary>Who may read the data files, from <see cref="DataGroup"/> (not a setting: computed from it; valid settings only).</summary>
    public DataFileAccess DataFiles => DataFileAccess.For(DataGroup);

    /// <summary>The files of <see cref="DataDirectory"/> (not a setting: computed from it).</summary>
    public DataDirectory Paths => new(DataDirectory);

    private static string InData(string path, string defaultPath, string inData) => path == defaultPath ? inData : path;

    /// <summary>The inventory path in effect.</summary>
    public string EffectiveInventoryPath => InventoryPath ?? Paths.Inventory;
}

/// <summary>The embedded MQTT broker (configuration section <c>Broker</c>).</summary>
public sealed class BrokerSettings
{
    /// <summary>Run the embedded broker; false to use the external broker of section <c>Mqtt</c>.</summary>
    public bool Embedded { get; set; } = true;

    /// <summary>TCP port.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Addresses to bind; loopback only unless told otherwise.</summary>
    public string[] BindAddresses { get; set; } = ["127.0.0.1"];

    /// <summary>Device credentials file (mosquitto's password file format); without one, anonymous clients are allowed on loopback only.</summary>
    public string? CredentialsFile { get; set; }

    /// <summary>Most messages queued per client before the broker drops new ones (counted, logged, /health 503); above the collector's high-water mark.</summary>
    public int MaxPendingMessagesPerClient { get; set; } = 100_000;

    /// <summary>Messages queued to the collector and not yet acknowledged at which device publishes are held (Mqtt/README.md, "Flow control").</summary>
    public int CollectorHighWaterMessages { get; set; } = 10_000;

    /// <summary>The same mark in payload bytes.</summary>
    public long CollectorHighWaterBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Most publishes held at once; beyond it a publisher's connection is closed unanswered (it keeps the message).</summary>
    public int MaxHeldPublishes { get; set; } = 10_000;

    /// <summary>MQTT 5 Receive Maximum announced to clients: QoS 1 publishes each may have unacknowledged.</summary>
    public int ReceiveMaximum { get; set; } = 16;

    /// <summary>Largest MQTT packet accepted, bytes; larger ones are refused at their header (Mqtt/README.md, "Packet size").</summary>
    public int MaxPacketBytes { get; set; } = MqttPacketLimits.DefaultMaxPacketBytes;

    /// <summary>Failed logins from one address within <see cref="LoginLockoutSeconds"/> before its logins are refused for that long.</summary>
    public int MaxFailedLogins { get; set; } = 10;

    /// <summary>How long an address is locked out after <see cref="MaxFailedLogins"/>, and the window they are counted in, seconds.</summary>
    public int LoginLockoutSeconds { get; set; } = 60;

    /// <summary>The embedded broker's options; retained messages persist in <paramref name="paths"/>, written with <paramref name="fileMode"/>.</summary>
    public EmbeddedBrokerOptions ToOptions(DataDirectory paths, UnixFileMode fileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite) => new()
    {
        Port = Port,
        BindAddresses = [.. BindAddresses.Select(System.Net.IPAddress.Parse)],
        CredentialsPath = CredentialsFile,
        MaxPendingMessagesPerClient = MaxPendingMessagesPerClient,
        CollectorHighWaterMessages = CollectorHighWaterMessages,
        CollectorHighWaterBytes = CollectorHighWaterBytes,
        MaxHeldPublishes = MaxHeldPublishes,
        ReceiveMaximum = ReceiveMaximum,
        RetainedStorePath = paths.Retained,
        RetainedStoreMode = fileMode,
        MaxPacketBytes = MaxPacketBytes,
        MaxFailedLogins = MaxFailedLogins,
        LoginLockout = TimeSpan.FromSeconds(LoginLockoutSeconds),
    };

    /// <summary>Checks the settings.</summary>
    public IEnumerable<string> Validate()
    {
        if (Port is < 0 or > 65535) yield return $"Broker:Port must be 0..65535, got {Port}";
        if (BindAddresses.Length == 0) yield return "Broker:BindAddresses needs at least one address";
        foreach (var a in BindAddresses)
        {
            if (!System.Net.IPAddress.TryParse(a, out _)) yield return $"Broker:BindAddresses: '{a}' is not an IP address";
        }

        if (CredentialsFile is not null && !File.Exists(CredentialsFile)) yield return $"Broker:CredentialsFile '{CredentialsFile}' does not exist";
        if (MaxPacketBytes is < MqttPacketLimits.MinMaxPacketBytes or > MqttPacketLimits.ProtocolMaxPacketBytes)
        {
            yield return $"Broker:MaxPacketBytes must be {MqttPacketLimits.MinMaxPacketBytes}..{MqttPacketLimits.ProtocolMaxPacketBytes}, got {MaxPacketBytes}";
        }

        if (CollectorHighWaterMessages < 1) yield return $"Broker:CollectorHighWaterMessages must be at least 1, got {CollectorHighWaterMessages}";
        if (MaxPendingMessagesPerClient <= CollectorHighWaterMessages)
        {
            yield return $"Broker:MaxPendingMessagesPerClient must be above Broker:CollectorHighWaterMessages ({CollectorHighWaterMessages}), got {MaxPendingMessagesPerClient}";
        }

        if (CollectorHighWaterBytes < MaxPacketBytes) yield return $"Broker:CollectorHighWaterBytes must be at least Broker:MaxPacketBytes ({MaxPacketBytes}), got {CollectorHighWaterBytes}";
        if (MaxHeldPublishes < 1) yield return $"Broker:MaxHeldPublishes must be at least 1, got {MaxHeldPublishes}";
        if (ReceiveMaximum is < 1 or > 65535) yield return $"Broker:ReceiveMaximum must be 1..65535, got {ReceiveMaximum}";
        if (MaxFailedLogins < 1) yield return $"Broker:MaxFailedLogins must be at least 1, got {MaxFailedLogins}";
        if (LoginLockoutSeconds is < 1 or > 86400) yield return $"Broker:LoginLockoutSeconds must be 1..86400, got {LoginLockoutSeconds}";
    }
}



/// <summary>Node energy buckets (configuration section <c>NodeEnergy</c>).</summary>
public sealed class NodeEnergySettings
{
    /// <summary>Bucket width in seconds, aligned to the wall clock.</summary>
    public int BucketSeconds { get; set; } = 10;

    /// <summary>How long a bucket waits for late feeds before it is written with partial coverage.</summary>
    public int LatenessSeconds { get; set; } = 120;

    /// <summary>How long written buckets are kept to re-write them when a late feed arrives.</summary>
    public int RetentionSeconds { get; set; } = 3600;

    /// <summary>Checks the settings.</summary>
    public IEnumerable<string> Validate()
    {
        if (BucketSeconds is < 1 or > 3600) yield return $"NodeEnergy:BucketSeconds must be 1..3600, got {BucketSeconds}";
        if (LatenessSeconds is < 0 or > 86400) yield return $"NodeEnergy:LatenessSeconds must be 0..86400, got {LatenessSeconds}";
        if (RetentionSeconds < LatenessSeconds) yield return $"NodeEnergy:RetentionSeconds must be at least LatenessSeconds ({LatenessSeconds}), got {RetentionSeconds}";
    }

    /// <summary>The accumulator's options.</summary>
    public Nodes.NodeEnergyOptions ToOptions() => new()
    {
        WidthMs = BucketSeconds * 1000L,
        LatenessHorizonMs = LatenessSeconds * 1000L,
        RetentionMs = RetentionSeconds * 1000L,
    };
}
