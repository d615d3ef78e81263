using Metering.Protocol;

namespace Metering.Collector.Mqtt;

/// <summary>
/// The largest MQTT packet the contract needs (README.md, "Packet size"): a PUBLISH of the largest payload a v1 decoder
/// accepts on the longest v1 topic, at QoS 1, with room for MQTT 5 properties. Anything larger cannot carry a message
/// the collector would accept, so the embedded broker refuses it at its fixed header, before reading its body, and
/// the subscriber announces it as its MQTT 5 Maximum Packet Size.
/// </summary>
public static class MqttPacketLimits
{
    /// <summary>Fixed header: one type-and-flags byte and a Remaining Length of up to 4 bytes.</summary>
    public const int FixedHeaderBytes = 1 + 4;

    /// <summary>The longest v1 topic: <c>metering/v1/</c>, a 32-character device id, <c>/</c>, <c>telemetry</c> (the longest suffix).</summary>
    public const int LongestTopicBytes = 12 + ProtocolLimits.MaxDeviceIdLength + 1 + 9;

    /// <summary>Topic name (a 2-byte length and the topic) and the packet identifier of QoS 1.</summary>
    public const int VariableHeaderBytes = 2 + LongestTopicBytes + 2;

    /// <summary>
    /// MQTT 5 properties: a property length of up to 4 bytes and room for what a client may add (payload format,
    /// message expiry, content type, a few user properties). The firmware sends none.
    /// </summary>
    public const int PropertiesBytes = 4 + 252;

    /// <summary>
    /// The default maximum packet size: 5 + 58 + 256 + 4096 = 4,415 bytes. The largest legal telemetry (16 channels
    /// with every field at its widest) is smaller than the contract's 4,096-byte payload cap; the cap is what the
    /// decoder enforces, so it is what the limit is sized on.
    /// </summary>
    public const int DefaultMaxPacketBytes = FixedHeaderBytes + VariableHeaderBytes + PropertiesBytes + ProtocolLimits.MaxPayloadBytes;

    /// <summary>
    /// The subscriber's default limit: twice the broker's, so that a message just over the contract (which an external
    /// broker without a limit of its own passes on) still reaches ingest whole and is dead-lettered with its true size
    /// and hash; a larger one arrives cut to the limit. It also bounds what the collector holds in flight: 20,000
    /// unacknowledged messages (Mqtt:ReceiveMaximum) of at most 8,830 bytes, 177 MB.
    /// </summary>
    public const int DefaultSubscriberMaxPacketBytes = 2 * DefaultMaxPacketBytes;

    /// <summary>The largest packet MQTT itself allows (a 4-byte Remaining Length of 268,435,455 plus its header).</summary>
    public const int ProtocolMaxPacketBytes = 268_435_460;

    /// <summary>The smallest limit accepted: a CONNECT with a long client id, username and password must still fit.</summary>
    public const int MinMaxPacketBytes = 1024;
}
