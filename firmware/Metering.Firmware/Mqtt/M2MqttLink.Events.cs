using System;
using System.Diagnostics;
using Metering.Firmware.Core.Session;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace Metering.Firmware.Mqtt
{
    /// <summary>M2Mqtt's events, forwarded to the session. They come on M2Mqtt's dispatch thread.</summary>
    public sealed partial class M2MqttLink
    {
        // Delegates made once, so the same instances can be removed from a retired client. M2Mqtt 5.1's events are typed
        // with IMqttClient's nested delegates; MqttClient declares look-alike delegates of its own that do not convert.
        private readonly IMqttClient.MqttMsgPublishedEventHandler _published;
        private readonly IMqttClient.MqttMsgPublishEventHandler _received;
        private readonly IMqttClient.MqttMsgSubscribedEventHandler _subscribed;
        private readonly IMqttClient.ConnectionClosedEventHandler _closed;

        private void Hook(MqttClient client)
        {
            client.MqttMsgPublished += _published;
            client.MqttMsgPublishReceived += _received;
            client.MqttMsgSubscribed += _subscribed;
            client.ConnectionClosed += _closed;
        }

        private void Unhook(MqttClient client)
        {
            client.MqttMsgPublished -= _published;
            client.MqttMsgPublishReceived -= _received;
            client.MqttMsgSubscribed -= _subscribed;
            client.ConnectionClosed -= _closed;
        }

        private bool IsCurrent(object sender)
        {
            return sender != null && sender == _client;
        }

        /// <summary>The session's sink for an event of <paramref name="sender"/>; null for a retired client or before Attach.</summary>
        private IMqttLinkEvents EventsFor(object sender)
        {
            return IsCurrent(sender) ? _events : null;
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            IMqttLinkEvents events = EventsFor(sender);
            if (events == null)
            {
                return;
            }

            if (e.IsPublished)
            {
                events.OnPublished(e.MessageId);
                return;
            }

            // M2Mqtt gave up after its retries without a PUBACK. The core would wait for that acknowledgement until
            // the connection drops, so report the link as lost: the session reconnects and resends.
            Debug.WriteLine("MQTT: message " + e.MessageId.ToString() + " was never acknowledged; dropping the connection");
            events.OnConnectionLost();
        }

        private void OnReceived(object sender, MqttMsgPublishEventArgs e)
        {
            IMqttLinkEvents events = EventsFor(sender);
            if (events != null)
            {
                events.OnMessage(e.Topic, e.Message);
            }
        }

        private void OnClosed(object sender, EventArgs e)
        {
            IMqttLinkEvents events = EventsFor(sender);
            if (events != null)
            {
                events.OnConnectionLost();
            }
        }
    }
}
