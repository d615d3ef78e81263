using System.Collections.Concurrent;
using Metering.Protocol;
using Microsoft.Extensions.Logging;
using MQTTnet.Packets;
using MQTTnet.Server;

namespace Metering.Collector.Mqtt;

/// <summary>
/// Flow control and queue overflow (README.md, "Flow control"): the collector's session is counted message by message
/// and byte by byte from the moment a message is queued to it until the collector acknowledges it, and device
/// publishes wait while it is at its high-water mark; any other subscriber's full queue drops the new message, counted
/// per client and logged with the publishing device. Every CONNACK announces the broker's Receive Maximum.
/// </summary>
public sealed partial class EmbeddedBroker
{
    // Client ids that logged in as the collector's own principal: their sessions are flow-controlled.
    private readonly ConcurrentDictionary<string, byte> _controlled = new(StringComparer.Ordinal);

    /// <summary>Flow control toward the collector's session: outstanding messages and bytes, publishes held and refused.</summary>
    public SubscriberFlowControl FlowControl { get; }

    /// <summary>Marks <paramref name="clientId"/>'s session as the collector's when <paramref name="principal"/> is its own login.</summary>
    private void TrackCollector(string clientId, Principal principal, bool cleanStart)
    {
        if (cleanStart)
        {
            ForgetSubscriptions(clientId); // MQTTnet starts it a new session: no subscription yet
        }

        if (principal.Name != InternalCredentials.Username)
        {
            return;
        }

        _controlled[clientId] = 0;
        if (cleanStart)
        {
            FlowControl.Reset(); // MQTTnet replaces an existing session on a clean start without an event
        }
    }

    /// <summary>
    /// Holds a device's publish (telemetry, status, event: what the collector consumes) while the collector's session is
    /// at its mark. A held publish is delivered when its turn comes even if its connection ended meanwhile (only its
    /// PUBACK is lost, so the device sends it again and ingest drops the duplicate); beyond MaxHeldPublishes the
    /// connection is closed unanswered, and the device keeps the message. True when it is a device message that may go on.
    /// </summary>
    private async Task<bool> HoldAsync(InterceptingPublishEventArgs e, Principal principal, string topic)
    {
        if (principal.Role == PrincipalRole.Service || !Topics.TryParse(topic, out _, out var kind) || kind == MessageKind.Config)
        {
            return false;
        }

        bool admitted;
        try
        {
            admitted = await FlowControl.AdmitAsync(_stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            admitted = false; // the broker is stopping
        }

        if (!admitted)
        {
            e.ProcessPublish = false;
            e.CloseConnection = true;
            if (_heldLog.ShouldLog("refused", out var since))
            {
                _log.LogWarning("The collector is behind and {Held} publishes are already held: a publish of {ClientId} on {Topic} was refused by closing its connection (it keeps the message and sends it again){Since}",
                    FlowControl.MaxWaiting, e.ClientId, topic, since > 0 ? $" ({since} more since the last such line)" : "");
            }
        }

        return admitted;
    }

    private Task OnClientEnqueueAsync(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        // Both a dispatched message and a retained one sent at SUBSCRIBE pass here before they are queued.
        if (_controlled.ContainsKey(e.ReceiverClientId))
        {
            FlowControl.Queued(e.ApplicationMessage.Payload.Length);
        }

        return Task.CompletedTask;
    }

    private Task OnAcknowledgedAsync(ClientAcknowledgedPublishPacketEventArgs e)
    {
        if (e.IsCompleted && _controlled.ContainsKey(e.ClientId))
        {
            FlowControl.Removed(e.PublishPacket.Payload.Length);
        }

        return Task.CompletedTask;
    }

    private Task OnSessionDeletedAsync(SessionDeletedEventArgs e)
    {
        ForgetSubscriptions(e.Id);
        if (_controlled.ContainsKey(e.Id))
        {
            FlowControl.Reset();
        }

        return Task.CompletedTask;
    }

    private Task OnEnqueuedAsync(ApplicationMessageEnqueuedEventArgs e)
    {
        if (!e.IsDropped)
        {
            Counters.Queued();
            return Task.CompletedTask;
        }

        if (_controlled.ContainsKey(e.ReceiverClientId))
        {
            FlowControl.Removed(e.ApplicationMessage.Payload.Length);
        }

        Dropped(e.ReceiverClientId, e.SenderClientId, e.ApplicationMessage.Topic);
        return Task.CompletedTask;
    }

    /// <summary>Counts a message the full queue of <paramref name="receiver"/> dropped, and logs it (once a minute per receiver).</summary>
    private void Dropped(string receiver, string? sender, string topic)
    {
        var forClient = Counters.Dropped(new BrokerDrop(_options.Time.GetUtcNow(), receiver, sender, topic));
        if (_dropLog.ShouldLog(receiver, out var since))
        {
            _log.LogError("The broker dropped a message of {Sender} on {Topic}: the queue of client {Receiver} holds {Max} messages ({Count} dropped for it since start{Since}); the publisher was acknowledged, the message is lost",
                sender, topic, receiver, _options.MaxPendingMessagesPerClient, forClient, since > 0 ? $", {since} since the last such line" : "");
        }
    }

    private Task OnOutboundAsync(InterceptingPacketEventArgs e)
    {
        if (e.Packet is MqttConnAckPacket { ReasonCode: MQTTnet.Protocol.MqttConnectReasonCode.Success } connAck)
        {
            connAck.ReceiveMaximum = (ushort)_options.ReceiveMaximum; // encoded for MQTT 5 clients only
        }
        else if (e.Packet is MqttPublishPacket { QualityOfServiceLevel: MQTTnet.Protocol.MqttQualityOfServiceLevel.AtMostOnce } publish
            && _controlled.ContainsKey(e.ClientId))
        {
            // A QoS 0 message is never acknowledged: it leaves the session when it is sent. Counted until then, so a
            // flood of them is held like any other, and never left outstanding for good (which would hold everyone).
            FlowControl.Removed(publish.Payload.Length);
        }

        return Task.CompletedTask;
    }
}
