using System;
using System.Diagnostics;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace Metering.Firmware.Mqtt
{
    /// <summary>
    /// Subscribing: the session wants a yes or no, M2Mqtt returns the SUBSCRIBE's message id at once and reports the
    /// SUBACK later as an event, so the call waits for that event (on the service thread).
    /// </summary>
    public sealed partial class M2MqttLink
    {
        /// <inheritdoc />
        public bool Subscribe(string topic)
        {
            MqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                return false;
            }

            lock (_gate)
            {
                _subackId = -1;
            }

            _subackArrived.Reset();
            ushort id;
            try
            {
                id = client.Subscribe(new string[] { topic }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
            }
            catch (Exception e)
            {
                Debug.WriteLine("MQTT: subscribe failed: " + e.Message);
                return false;
            }

            return AwaitSuback(id);
        }

        private bool AwaitSuback(int id)
        {
            // The SUBACK event may already have come: _subackId is checked before every wait.
            long deadline = NowMilliseconds() + SubscribeTimeoutMilliseconds;
            while (true)
            {
                lock (_gate)
                {
                    if (_subackId == id)
                    {
                        return _subackGranted;
                    }
                }

                long left = deadline - NowMilliseconds();
                if (left <= 0)
                {
                    Debug.WriteLine("MQTT: no SUBACK within " + SubscribeTimeoutMilliseconds.ToString() + " ms");
                    return false;
                }

                _subackArrived.WaitOne((int)left, false);
            }
        }

        private void OnSubscribed(object sender, MqttMsgSubscribedEventArgs e)
        {
            if (!IsCurrent(sender))
            {
                return;
            }

            lock (_gate)
            {
                _subackId = e.MessageId;

                // One topic per SUBSCRIBE: granted QoS 0, 1 or 2; 0x80 is the broker's refusal.
                _subackGranted = e.GrantedQoSLevels != null && e.GrantedQoSLevels.Length == 1 && (int)e.GrantedQoSLevels[0] <= 2;
            }

            _subackArrived.Set();
        }
    }
}
