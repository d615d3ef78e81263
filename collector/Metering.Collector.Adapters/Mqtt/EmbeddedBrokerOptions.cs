using System.Net;
using Metering.Collector.Files;

namespace Metering.Collector.Mqtt;

/// <summary>
/// Settings of the embedded broker (README, "Options"). The defaults are the zero-config <c>metering serve</c>:
/// 127.0.0.1:1883, no credentials file (anonymous, loopback only), 100,000 pending messages per client, the
/// collector's session flow-controlled at 10,000 messages or 16 MiB, a Receive Maximum of 16 announced to clients,
/// retained messages in memory only, packets up to the contract's largest (4,415 bytes), 10 failed logins a minute
/// per address.
/// </summary>
public sealed record EmbeddedBrokerOptions
{
    /// <summary>The MQTT port when none is given.</summary>
    public const int DefaultPort = 1883;

    /// <summary>Addresses to listen on; binding anything beyond loopback must be asked for here, and needs <see cref="CredentialsPath"/>.</summary>
    public IReadOnlyList<IPAddress> BindAddresses { get; init; } = [IPAddress.Loopback];

    /// <summary>TCP port; 0 lets the OS pick a free one (read it from <see cref="EmbeddedBroker.Port"/>).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>The credentials file (mosquitto password-file format); null: anonymous clients on loopback only.</summary>
    public string? CredentialsPath { get; init; }

    /// <summary>Usernames with the service role (collector, technician tools): read all of metering/v1/, write config.</summary>
    public IReadOnlyCollection<string> ServiceUsernames { get; init; } = ["collector"];

    /// <summary>
    /// Messages queued per subscriber before the broker drops (and counts, per client, and logs) each new one.
    /// MQTTnet's default of 1,000 lost messages to a slow subscriber under load (measured with mosquitto 2.0.11); a 50k
    /// burst fits the default here. The collector's own session never gets near it: flow control holds publishers at
    /// <see cref="CollectorHighWaterMessages"/>. Must be above that mark.
    /// </summary>
    public int MaxPendingMessagesPerClient { get; init; } = 100_000;

    /// <summary>
    /// Messages queued to the collector's session and not yet acknowledged at which publishers are held (their PUBACK
    /// withheld) until the collector acknowledges more (README, "Flow control"). Ingest acknowledges after each
    /// checkpoint, at least once a second: 10,000 is three seconds of a 3,000-device site at 1 s windows.
    /// </summary>
    public int CollectorHighWaterMessages { get; init; } = 10_000;

    /// <summary>The same mark in payload bytes (16 MiB: 3,800 messages at the contract's largest payload, 20,000 of 820 B).</summary>
    public long CollectorHighWaterBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Most publishes held at once; a publish beyond it closes its connection unanswered (the publisher keeps it and resends).</summary>
    public int MaxHeldPublishes { get; init; } = 10_000;

    /// <summary>
    /// MQTT 5 Receive Maximum announced in every CONNACK: QoS 1 publishes a client may have unacknowledged. 16 leaves
    /// room above the firmware's 4 (MeterOptions.MaxInFlight) for its status and events.
    /// </summary>
    public int ReceiveMaximum { get; init; } = 16;

    /// <summary>A file that keeps retained messages (config, status) across restarts; null keeps them in memory only.</summary>
    public string? RetainedStorePath { get; init; }

    /// <summary>The mode <see cref="RetainedStorePath"/> is written with: 0600, or 0640 when the data files have a group.</summary>
    public UnixFileMode RetainedStoreMode { get; init; } = AtomicFile.Private;

    /// <summary>How long a retained change may wait before it is written to <see cref="RetainedStorePath"/>.</summary>
    public TimeSpan RetainedFlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Largest MQTT packet accepted, bytes (fixed header included); a larger one is refused at its fixed header and its
    /// connection closed. Default: the largest packet the v1 contract needs (<see cref="MqttPacketLimits"/>).
    /// </summary>
    public int MaxPacketBytes { get; init; } = MqttPacketLimits.DefaultMaxPacketBytes;

    /// <summary>Failed logins (unknown user, wrong password) from one address within <see cref="LoginLockout"/> before it is locked out.</summary>
    public int MaxFailedLogins { get; init; } = 10;

    /// <summary>How long an address stays locked out, and the window its failures are counted in.</summary>
    public TimeSpan LoginLockout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The clock of the login lockouts and the refusal log's rate limit.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Checks the options; throws naming the one that is wrong. Nothing listens before this passed.</summary>
    /// <exception cref="ArgumentException">An option is out of range or unsafe.</exception>
    public void Validate()
    {
        if (BindAddresses.Count == 0)
        {
            throw new ArgumentException("at least one bind address is needed", nameof(BindAddresses));
        }

        if (BindAddresses.Distinct().Count() != BindAddresses.Count)
        {
            throw new ArgumentException("bind addresses must be distinct", nameof(BindAddresses));
        }

        if (CredentialsPath is null && BindAddresses.Any(a => !IPAddress.IsLoopback(a)))
        {
            throw new ArgumentException(
                $"listening on {string.Join(", ", BindAddresses.Where(a => !IPAddress.IsLoopback(a)))} would let other hosts publish unauthenticated: set a credentials file",
                nameof(BindAddresses));
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(Port), Port, "a TCP port is 0..65535 (0: any free port)");
        }

        if (CollectorHighWaterMessages < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(CollectorHighWaterMessages), CollectorHighWaterMessages, "must be at least 1");
        }

        if (MaxPendingMessagesPerClient <= CollectorHighWaterMessages)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPendingMessagesPerClient), MaxPendingMessagesPerClient,
                $"must be above CollectorHighWaterMessages ({CollectorHighWaterMessages}), or the collector's own queue would drop before flow control holds publishers");
        }

        if (CollectorHighWaterBytes < MaxPacketBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(CollectorHighWaterBytes), CollectorHighWaterBytes, $"must be at least MaxPacketBytes ({MaxPacketBytes})");
        }

        if (MaxHeldPublishes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxHeldPublishes), MaxHeldPublishes, "must be at least 1");
        }

        if (ReceiveMaximum is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveMaximum), ReceiveMaximum, "must be 1..65535");
        }

        if (ServiceUsernames.Any(u => !CredentialsFile.IsValidUsername(u)))
        {
            throw new ArgumentException("service usernames must be 1-128 characters without ':', spaces or control characters", nameof(ServiceUsernames));
        }

        if (MaxPacketBytes is < MqttPacketLimits.MinMaxPacketBytes or > MqttPacketLimits.ProtocolMaxPacketBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxPacketBytes), MaxPacketBytes, $"must be {MqttPacketLimits.MinMaxPacketBytes}..{MqttPacketLimits.ProtocolMaxPacketBytes}");
        }

        if (MaxFailedLogins < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFailedLogins), MaxFailedLogins, "must be at least 1");
        }

        if (LoginLockout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(LoginLockout), LoginLockout, "must be positive");
        }

        if (RetainedFlushInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetainedFlushInterval), RetainedFlushInterval, "must be positive");
        }
    }
}
