using Metering.Firmware.Core.Session;

namespace Metering.Firmware.Core.Tests.Fakes;

/// <summary>
/// A broker in a box for session tests: records connects and publishes, acknowledges on demand, can refuse or drop.
/// Message ids run 1..65535 and wrap, as MQTT packet identifiers do.
/// </summary>
internal sealed class FakeMqttLink : IMqttLink
{
    private IMqttLinkEvents? _events;
    private int _nextId;

    public sealed record Published(string Topic, byte[] Payload, bool Retain, int Id);

    public bool BrokerUp { get; set; } = true;
    public bool AutoAck { get; set; } = true;

    /// <summary>
    /// When set (and <see cref="AutoAck"/> is on), decides per message whether its PUBACK is reported inside Publish,
    /// before Publish returns its id (as M2Mqtt's receive thread can), or later, by <see cref="AckAll"/>.
    /// </summary>
    public Func<Published, bool>? AckInsidePublish { get; set; }

    /// <summary>The id the next publish gets (1..65535).</summary>
    public int NextId { get => _nextId + 1; set => _nextId = value - 1; }

    /// <summary>Unacknowledged messages after which Publish answers 0 (busy), like M2Mqtt with a full in-flight queue.</summary>
    public int BusyAt { get; set; } = int.MaxValue;
    public List<Published> Messages { get; } = [];
    public List<Published> Unacked { get; } = [];
    public List<(string ClientId, string User, string WillTopic, byte[] Will)> Connects { get; } = [];
    public List<string> Subscriptions { get; } = [];
    public int ConnectAttempts { get; private set; }

    public bool IsConnected { get; private set; }

    public void Attach(IMqttLinkEvents events) => _events = events;

    public bool Connect(string clientId, string username, string password, string willTopic, byte[] willPayload)
    {
        ConnectAttempts++;
        if (!BrokerUp)
        {
            return false;
        }

        Connects.Add((clientId, username, willTopic, willPayload));
        IsConnected = true;
        return true;
    }

    public int Publish(string topic, byte[] payload, int offset, int count, bool retain)
    {
        if (!IsConnected)
        {
            return -1;
        }

        if (Unacked.Count >= BusyAt)
        {
            return 0;
        }

        _nextId = (_nextId % 65535) + 1;
        var p = new Published(topic, payload.AsSpan(offset, count).ToArray(), retain, _nextId);
        Messages.Add(p);
        if (AutoAck && (AckInsidePublish is null || AckInsidePublish(p)))
        {
            _events!.OnPublished(p.Id);
        }
        else
        {
            Unacked.Add(p);
        }

        return p.Id;
    }

    public bool Subscribe(string topic)
    {
        Subscriptions.Add(topic);
        return IsConnected;
    }

    public void Disconnect() => IsConnected = false;

    /// <summary>The broker goes away: the connection drops and is reported.</summary>
    public void Drop()
    {
        IsConnected = false;
        BrokerUp = false;
        Unacked.Clear();
        _events!.OnConnectionLost();
    }

    public void AckAll()
    {
        foreach (var p in Unacked.ToList())
        {
            _events!.OnPublished(p.Id);
        }

        Unacked.Clear();
    }

    public void Deliver(string topic, byte[] payload) => _events!.OnMessage(topic, payload);

    public IEnumerable<TelemetryMessage> Telemetry() =>
        Messages.Where(m => m.Topic.EndsWith("/telemetry", StringComparison.Ordinal)).Select(m => TelemetryCodec.Decode(m.Payload, out _)!);

    public IEnumerable<EventMessage> Events() =>
        Messages.Where(m => m.Topic.EndsWith("/event", StringComparison.Ordinal)).Select(m => EventCodec.Decode(m.Payload, out _)!);
}
