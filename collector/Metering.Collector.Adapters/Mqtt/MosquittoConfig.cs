using System.Text;

namespace Metering.Collector.Mqtt;

/// <summary>
/// The mosquitto configuration equivalent to the embedded broker's rules (README, "mosquitto"), as text a command
/// can print; the README shows the same text and a test holds them together and runs it in a real mosquitto.
/// </summary>
public static class MosquittoConfig
{
    /// <summary>
    /// The <c>acl_file</c>: devices (username = device id) write their own telemetry, status and event topics and read
    /// their own config; each service account reads everything under metering/v1/ and writes every device's config.
    /// </summary>
    public static string AclFile(IEnumerable<string> serviceUsernames)
    {
        var text = new StringBuilder()
            .Append("# Devices: username = device id.\n")
            .Append("pattern write metering/v1/%u/telemetry\n")
            .Append("pattern write metering/v1/%u/status\n")
            .Append("pattern write metering/v1/%u/event\n")
            .Append("pattern read metering/v1/%u/config\n");
        foreach (var user in serviceUsernames)
        {
            text.Append('\n')
                .Append("# Service account: the collector and technician tools.\n")
                .Append("user ").Append(user).Append('\n')
                .Append("topic read metering/v1/#\n")
                .Append("topic write metering/v1/+/config\n");
        }

        return text.ToString();
    }

    /// <summary>Authentication and topic rules from the two files; nobody connects without a password.</summary>
    public static string Authentication(string passwordFile, string aclFile) =>
        $"allow_anonymous false\npassword_file {passwordFile}\nacl_file {aclFile}\n";

    /// <summary>
    /// Per-client queues large enough that a slow or briefly absent collector loses nothing: mosquitto's default of
    /// 1,000 queued messages dropped 7 % of a 50k QoS 1 burst (measured with mosquitto 2.0.11). A million messages is about three
    /// hours of a 1,000-meter site at 10 s windows; 0 would mean unbounded memory.
    /// </summary>
    public static string Queues() => "max_queued_messages 1000000\nmax_queued_bytes 0\nmax_inflight_messages 1000\n";

    /// <summary>
    /// The same maximum packet size as the embedded broker and the subscriber (<see cref="MqttPacketLimits"/>): mosquitto
    /// disconnects a client that sends a larger packet (and logs it), so an oversize message is refused at its
    /// publisher instead of being dropped silently for the collector, whose subscription announces the same limit.
    /// </summary>
    public static string PacketSize(int maxPacketBytes = MqttPacketLimits.DefaultMaxPacketBytes) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"max_packet_size {maxPacketBytes}\n");
}
