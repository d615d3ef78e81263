namespace Metering.Collector.Mqtt;

/// <summary>How the collector's MQTT client connects (configuration section <c>Mqtt</c>).</summary>
public sealed record MqttSettings
{
    /// <summary>Broker host.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Broker port.</summary>
    public int Port { get; init; } = 1883;

    /// <summary>Client id; fixed, so the persistent session survives restarts.</summary>
    public string ClientId { get; init; } = "metering-collector";

    /// <summary>Username (the service account when the broker authenticates).</summary>
    public string? Username { get; init; }

    /// <summary>Password.</summary>
    public string? Password { get; init; }

    /// <summary>Connect with TLS.</summary>
    public bool UseTls { get; init; }

    /// <summary>Topic filters subscribed at QoS 1.</summary>
    public IReadOnlyList<string> Topics { get; init; } = [Metering.Protocol.Topics.AllTelemetry, Metering.Protocol.Topics.AllStatus, Metering.Protocol.Topics.AllEvents];

    /// <summary>
    /// MQTT 5 Receive Maximum: QoS 1 messages the broker may send before the collector acknowledges. Ingest batches
    /// before acknowledging, so this must cover a batch (mosquitto's 3.1.1 default of 20 in flight would throttle it).
    /// </summary>
    public int ReceiveMaximum { get; init; } = 20000;

    /// <summary>How long the broker keeps the session (and queues messages) while the collector is away.</summary>
    public TimeSpan SessionExpiry { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Largest packet the subscriber takes whole, bytes: a PUBLISH over it arrives with its payload cut to what fits
    /// (ingest refuses and dead-letters it, and it is acknowledged), the rest skipped unread, so no broker can make the
    /// collector buffer more. Default: twice the broker's limit (<see cref="MqttPacketLimits.DefaultSubscriberMaxPacketBytes"/>).
    /// Not announced to the broker as an MQTT 5 Maximum Packet Size: mosquitto 2.0.11 stopped delivering to the
    /// collector after it dropped one message over an announced limit. Give the broker its own limit instead
    /// (mosquitto's <c>max_packet_size</c>, the embedded broker's Broker:MaxPacketBytes).
    /// </summary>
    public int MaxPacketBytes { get; init; } = MqttPacketLimits.DefaultSubscriberMaxPacketBytes;

    /// <summary>What to configure when an external broker authenticates its clients: a service account for the collector.</summary>
    public const string ServiceAccountAdvice =
        "give the collector a service account on the broker (mosquitto: `mosquitto_passwd /etc/mosquitto/metering.passwd collector`, "
        + "and in its ACL file `user collector`, `topic read metering/v1/#`, `topic write metering/v1/+/config`; Mqtt/README.md), "
        + "then set Mqtt:Username=collector and its password in the environment, METERING__Mqtt__Password (never on the command line: it shows in ps)";

    /// <summary>Checks the settings; the messages name the setting.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) yield return "Mqtt:Host is required";
        if (Port is < 1 or > 65535) yield return $"Mqtt:Port must be 1..65535, got {Port}";
        if (string.IsNullOrWhiteSpace(ClientId)) yield return "Mqtt:ClientId is required";
        if (ReceiveMaximum is < 1 or > 65535) yield return $"Mqtt:ReceiveMaximum must be 1..65535, got {ReceiveMaximum}";
        if (Topics.Count == 0) yield return "Mqtt:Topics needs at least one filter";
        if (Username is null != (Password is null)) yield return "Mqtt:Username and Mqtt:Password go together";
        if (MaxPacketBytes is < MqttPacketLimits.MinMaxPacketBytes or > MqttPacketLimits.ProtocolMaxPacketBytes)
        {
            yield return $"Mqtt:MaxPacketBytes must be {MqttPacketLimits.MinMaxPacketBytes}..{MqttPacketLimits.ProtocolMaxPacketBytes}, got {MaxPacketBytes}";
        }
    }
}
