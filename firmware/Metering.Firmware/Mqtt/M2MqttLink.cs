using System;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using Metering.Firmware.Core.Session;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Exceptions;
using nanoFramework.M2Mqtt.Messages;

namespace Metering.Firmware.Mqtt
{
    /// <summary>
    /// The session's MQTT link over nanoFramework.M2Mqtt (MQTT 3.1.1). Each connection attempt builds a fresh
    /// MqttClient (its constructor resolves the broker's name, and a client left over from a dropped connection
    /// keeps no state worth reusing); events from an older client are ignored. No automatic reconnect: the core's
    /// session reconnects with backoff. Every payload is copied, because M2Mqtt keeps the array it is given until the
    /// PUBACK (and resends it), while the core reuses its buffers.
    /// </summary>
    public sealed partial class M2MqttLink : IMqttLink
    {
        /// <summary>MQTT keep-alive in seconds; the broker publishes the last will about 1.5 x this after the device vanishes.</summary>
        public const ushort KeepAliveSeconds = 15;

        /// <summary>How long <see cref="Subscribe"/> waits for the SUBACK.</summary>
        public const int SubscribeTimeoutMilliseconds = 10000;

        private readonly string _host;
        private readonly int _port;
        private readonly bool _useTls;
        private readonly X509Certificate _caCertificate;
        private readonly int _inflightQueueSize;
        private readonly object _gate = new object();
        private readonly AutoResetEvent _subackArrived = new AutoResetEvent(false);
        private MqttClient _client;
        private IMqttLinkEvents _events;
        private int _subackId = -1;
        private bool _subackGranted;

        /// <summary>A link to <paramref name="host"/>:<paramref name="port"/>, over TLS 1.2 when <paramref name="useTls"/>.</summary>
        /// <param name="host">Broker host name or address.</param>
        /// <param name="port">Broker port.</param>
        /// <param name="useTls">True for TLS 1.2.</param>
        /// <param name="caCertificatePem">PEM of the broker's CA, or null for the root CA in the device's network configuration.</param>
        /// <param name="inflightQueueSize">M2Mqtt's in-flight bound (its default is int.MaxValue): telemetry in flight + queued events + a few.</param>
        public M2MqttLink(string host, int port, bool useTls, string caCertificatePem, int inflightQueueSize)
        {
            _host = host;
            _port = port;
            _useTls = useTls;
            _caCertificate = useTls && caCertificatePem != null ? new X509Certificate(caCertificatePem) : null;
            _inflightQueueSize = inflightQueueSize < 1 ? 1 : inflightQueueSize;
            _published = OnPublished;
            _received = OnReceived;
            _subscribed = OnSubscribed;
            _closed = OnClosed;
        }

        /// <inheritdoc />
        public bool IsConnected
        {
            get
            {
                MqttClient client = _client;
                return client != null && client.IsConnected;
            }
        }

        /// <inheritdoc />
        public void Attach(IMqttLinkEvents events)
        {
            if (_events != null)
            {
                throw new InvalidOperationException("events are already attached");
            }

            _events = events;
        }

        /// <inheritdoc />
        public bool Connect(string clientId, string username, string password, string willTopic, byte[] willPayload)
        {
            Retire(_client);
            MqttClient client;
            try
            {
                client = new MqttClient(_host, _port, _useTls, _caCertificate, null, _useTls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
            }
            catch (Exception e)
            {
                // Typically the broker's name did not resolve (no network yet).
                Debug.WriteLine("MQTT: cannot reach " + _host + ": " + e.Message);
                return false;
            }

            client.Settings.InflightQueueSize = _inflightQueueSize;
            Hook(client);
            lock (_gate)
            {
                _client = client;
            }

            try
            {
                // M2Mqtt takes the will as a string and encodes it as UTF-8; the core's status JSON is UTF-8, so this round-trips.
                string will = Encoding.UTF8.GetString(willPayload, 0, willPayload.Length);
                MqttReasonCode code = client.Connect(clientId, username, password, true, MqttQoSLevel.AtLeastOnce, true, willTopic, will, true, KeepAliveSeconds);
                if (code == MqttReasonCode.Success)
                {
                    return true;
                }

                Debug.WriteLine("MQTT: broker refused the connection, CONNACK code " + ((int)code).ToString());
            }
            catch (MqttConnectionException e)
            {
                Debug.WriteLine("MQTT: connection failed: " + e.Message);
            }
            catch (Exception e)
            {
                // MqttCommunicationException (no CONNACK in time), TLS and socket errors.
                Debug.WriteLine("MQTT: connection failed: " + e.Message);
            }

            return false;
        }

        /// <inheritdoc />
        public int Publish(string topic, byte[] payload, int offset, int count, bool retain)
        {
            MqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                return -1;
            }

            var message = new byte[count];
            Array.Copy(payload, offset, message, 0, count);
            try
            {
                return client.Publish(topic, message, null, null, MqttQoSLevel.AtLeastOnce, retain);
            }
            catch (MqttClientException)
            {
                // Thrown when the in-flight queue is full: busy, not broken. The session tries again on its next step.
                return client.IsConnected ? 0 : -1;
            }
            catch (Exception)
            {
                // A failure of the connection.
                return -1;
            }
        }

        /// <inheritdoc />
        public void Disconnect()
        {
            Retire(_client);
        }

        /// <summary>Detaches and closes a client that is no longer the current one.</summary>
        private void Retire(MqttClient client)
        {
            if (client == null)
            {
                return;
            }

            lock (_gate)
            {
                if (_client == client)
                {
                    _client = null;
                }
            }

            Unhook(client);
            try
            {
                // Also after a failed attempt: a client whose CONNACK never came still holds its socket and receive thread.
                client.Disconnect();
            }
            catch (Exception)
            {
                // Never connected, or already closed.
            }
        }

        private static long NowMilliseconds()
        {
            return (long)(nanoFramework.Hardware.Esp32.HighResTimer.GetCurrent() / 1000);
        }
    }
}
