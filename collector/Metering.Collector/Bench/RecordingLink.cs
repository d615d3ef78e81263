using Metering.Firmware.Core.Session;

namespace Metering.Collector.Bench;

/// <summary>An MQTT seam that acknowledges at once and keeps every telemetry payload a virtual meter publishes, in order.</summary>
internal sealed class RecordingLink : IMqttLink
{
    private IMqttLinkEvents? _events;
    private int _id;

    public List<byte[]> Telemetry { get; } = [];

    public bool IsConnected { get; private set; }

    public void Attach(IMqttLinkEvents events) => _events = events;

    public bool Connect(string clientId, string username, string password, string willTopic, byte[] willPayload) => IsConnected = true;

    public int Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        if (topic.EndsWith("/telemetry", StringComparison.Ordinal))
        {
            Telemetry.Add(payload.AsSpan(offset, count).ToArray());
        }

        var id = ++_id;
        _events!.OnPublished(id);
        return id;
    }

    public bool Subscribe(string topic) => true;

    public void Disconnect() => IsConnected = false;
}
