using Metering.Firmware.Core.Session;
using Metering.Protocol;

namespace Metering.Simulation.Fleet;

/// <summary>What the fleet's MQTT links did, summed over every device (thread-safe).</summary>
internal sealed class FleetCounters
{
    public long Telemetry;
    public long Status;
    public long Events;
    public long Acknowledged;
    public long Connects;
}

/// <summary>A meter's MQTT link that counts what passes through it for the progress report, and changes nothing.</summary>
internal sealed class CountingLink(IMqttLink inner, FleetCounters counters) : IMqttLink, IMqttLinkEvents, IDisposable
{
    private IMqttLinkEvents? _events;

    public bool IsConnected => inner.IsConnected;

    public void Attach(IMqttLinkEvents events)
    {
        _events = events;
        inner.Attach(this);
    }

    public bool Connect(string clientId, string username, string password, string willTopic, byte[] willPayload)
    {
        var connected = inner.Connect(clientId, username, password, willTopic, willPayload);
        if (connected)
        {
            Interlocked.Increment(ref counters.Connects);
        }

        return connected;
    }

    public int Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        var id = inner.Publish(topic, payload, offset, count, retain);
        if (id > 0 && topic.EndsWith(Topics.TelemetrySuffix, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref counters.Telemetry);
        }
        else if (id > 0 && topic.EndsWith(Topics.StatusSuffix, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref counters.Status);
        }
        else if (id > 0)
        {
            Interlocked.Increment(ref counters.Events);
        }

        return id;
    }

    public bool Subscribe(string topic) => inner.Subscribe(topic);

    public void Disconnect() => inner.Disconnect();

    public void OnPublished(int messageId)
    {
        Interlocked.Increment(ref counters.Acknowledged);
        _events?.OnPublished(messageId);
    }

    public void OnMessage(string topic, byte[] payload) => _events?.OnMessage(topic, payload);

    public void OnConnectionLost() => _events?.OnConnectionLost();

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
