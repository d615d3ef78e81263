// Reference surface of nanoFramework.M2Mqtt, taken from nanoframework/nanoFramework.m2mqtt at v5.1.215 (M2Mqtt/MqttClient.cs): the namespaces,
// types and signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this
// is compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    /// <summary>The MQTT client.</summary>
    public class MqttClient : IMqttClient, IDisposable
    {
        /// <summary>MqttClient's own handler type of a received PUBLISH (its event uses IMqttClient's).</summary>
        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

        /// <summary>MqttClient's own handler type of a published message (its event uses IMqttClient's).</summary>
        public delegate void MqttMsgPublishedEventHandler(object sender, MqttMsgPublishedEventArgs e);

        /// <summary>MqttClient's own handler type of a SUBACK (its event uses IMqttClient's).</summary>
        public delegate void MqttMsgSubscribedEventHandler(object sender, MqttMsgSubscribedEventArgs e);

        /// <summary>MqttClient's own handler type of an UNSUBACK (its event uses IMqttClient's).</summary>
        public delegate void MqttMsgUnsubscribedEventHandler(object sender, MqttMsgUnsubscribedEventArgs e);

        /// <summary>MqttClient's own handler type of a closed connection (its event uses IMqttClient's).</summary>
        public delegate void ConnectionClosedEventHandler(object sender, EventArgs e);

        /// <summary>A client of the broker at the default port, without TLS.</summary>
        public MqttClient(string brokerHostName) { throw new NotImplementedException(); }

        /// <summary>A client of <paramref name="brokerHostName"/>; resolves the name now.</summary>
        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert, MqttSslProtocols sslProtocol) { throw new NotImplementedException(); }

        /// <summary>A PUBLISH arrived.</summary>
        public event IMqttClient.MqttMsgPublishEventHandler MqttMsgPublishReceived { add { throw new NotImplementedException(); } remove { throw new NotImplementedException(); } }

        /// <summary>A message was published.</summary>
        public event IMqttClient.MqttMsgPublishedEventHandler MqttMsgPublished { add { throw new NotImplementedException(); } remove { throw new NotImplementedException(); } }

        /// <summary>A SUBACK arrived.</summary>
        public event IMqttClient.MqttMsgSubscribedEventHandler MqttMsgSubscribed { add { throw new NotImplementedException(); } remove { throw new NotImplementedException(); } }

        /// <summary>An UNSUBACK arrived.</summary>
        public event IMqttClient.MqttMsgUnsubscribedEventHandler MqttMsgUnsubscribed { add { throw new NotImplementedException(); } remove { throw new NotImplementedException(); } }

        /// <summary>The connection closed.</summary>
        public event IMqttClient.ConnectionClosedEventHandler ConnectionClosed { add { throw new NotImplementedException(); } remove { throw new NotImplementedException(); } }

        /// <summary>True while connected.</summary>
        public bool IsConnected { get { throw new NotImplementedException(); } }

        /// <summary>The client's settings.</summary>
        public MqttSettings Settings { get { throw new NotImplementedException(); } }

        /// <inheritdoc />
        public void Init(string brokerHostName, int brokerPort, bool secure, byte[] caCert, byte[] clientCert, MqttSslProtocols sslProtocol) { throw new NotImplementedException(); }

        /// <summary>Connects.</summary>
        public MqttReasonCode Connect(string clientId) { throw new NotImplementedException(); }

        /// <summary>Connects.</summary>
        public MqttReasonCode Connect(string clientId, bool cleanSession) { throw new NotImplementedException(); }

        /// <summary>Connects.</summary>
        public MqttReasonCode Connect(string clientId, string username, string password) { throw new NotImplementedException(); }

        /// <summary>Connects.</summary>
        public MqttReasonCode Connect(string clientId, string username, string password, bool cleanSession, ushort keepAlivePeriod) { throw new NotImplementedException(); }

        /// <summary>Connects; throws MqttConnectionException on socket errors.</summary>
        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel, bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod) { throw new NotImplementedException(); }

        /// <summary>Disconnects.</summary>
        public void Disconnect() { throw new NotImplementedException(); }

        /// <summary>Closes.</summary>
        public void Close() { throw new NotImplementedException(); }

        /// <summary>Releases the client.</summary>
        public void Dispose() { throw new NotImplementedException(); }

        /// <summary>Subscribes; returns the message id.</summary>
        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels) { throw new NotImplementedException(); }

        /// <summary>Unsubscribes; returns the message id.</summary>
        public ushort Unsubscribe(string[] topics) { throw new NotImplementedException(); }

        /// <summary>Publishes at QoS 0.</summary>
        public ushort Publish(string topic, byte[] message) { throw new NotImplementedException(); }

        /// <summary>Publishes at QoS 0.</summary>
        public ushort Publish(string topic, byte[] message, string contentType) { throw new NotImplementedException(); }

        /// <summary>Publishes at QoS 0.</summary>
        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties) { throw new NotImplementedException(); }

        /// <summary>Publishes; returns the message id; throws MqttClientException when the in-flight queue is full.</summary>
        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain) { throw new NotImplementedException(); }
    }
}
