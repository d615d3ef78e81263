// Reference surface of nanoFramework.M2Mqtt.Core, taken from nanoframework/nanoFramework.m2mqtt at v5.1.215 (nanoFramework.M2Mqtt.Core/IMqttClient.cs, MqttSslProtocols.cs): the namespaces,
// types and signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this
// is compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;
using System.Collections;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    /// <summary>SSL/TLS protocol versions.</summary>
    public enum MqttSslProtocols
    {
        /// <summary>No TLS.</summary>
        None,
        /// <summary>SSL 3.</summary>
        SSLv3,
        /// <summary>TLS 1.0.</summary>
        TLSv1_0,
        /// <summary>TLS 1.1.</summary>
        TLSv1_1,
        /// <summary>TLS 1.2.</summary>
        TLSv1_2,
        /// <summary>TLS 1.3.</summary>
        TLSv1_3,
    }

    /// <summary>The MQTT client contract; its nested delegates are the types of MqttClient's events.</summary>
    public interface IMqttClient
    {
        /// <summary>Handler of a received PUBLISH.</summary>
        public delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

        /// <summary>Handler of a published message (acknowledged, or given up).</summary>
        public delegate void MqttMsgPublishedEventHandler(object sender, MqttMsgPublishedEventArgs e);

        /// <summary>Handler of a SUBACK.</summary>
        public delegate void MqttMsgSubscribedEventHandler(object sender, MqttMsgSubscribedEventArgs e);

        /// <summary>Handler of an UNSUBACK.</summary>
        public delegate void MqttMsgUnsubscribedEventHandler(object sender, MqttMsgUnsubscribedEventArgs e);

        /// <summary>Handler of a closed connection.</summary>
        public delegate void ConnectionClosedEventHandler(object sender, EventArgs e);

        /// <summary>True while connected.</summary>
        public bool IsConnected { get; }

        /// <summary>Initializes the client.</summary>
        void Init(string brokerHostName, int brokerPort, bool secure, byte[] caCert, byte[] clientCert, MqttSslProtocols sslProtocol);

        /// <summary>Connects.</summary>
        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel, bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod);

        /// <summary>Disconnects.</summary>
        public void Disconnect();

        /// <summary>Subscribes; returns the message id.</summary>
        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels);

        /// <summary>Unsubscribes; returns the message id.</summary>
        public ushort Unsubscribe(string[] topics);

        /// <summary>Publishes; returns the message id.</summary>
        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain);

        /// <summary>Publishes at QoS 0.</summary>
        public ushort Publish(string topic, byte[] message, string contentType);

        /// <summary>Publishes at QoS 0.</summary>
        public ushort Publish(string topic, byte[] message);

        /// <summary>Closes.</summary>
        public void Close();

        /// <summary>A PUBLISH arrived.</summary>
        public event MqttMsgPublishEventHandler MqttMsgPublishReceived;

        /// <summary>A message was published.</summary>
        public event MqttMsgPublishedEventHandler MqttMsgPublished;

        /// <summary>A SUBACK arrived.</summary>
        public event MqttMsgSubscribedEventHandler MqttMsgSubscribed;

        /// <summary>An UNSUBACK arrived.</summary>
        public event MqttMsgUnsubscribedEventHandler MqttMsgUnsubscribed;

        /// <summary>The connection closed.</summary>
        public event ConnectionClosedEventHandler ConnectionClosed;
    }
}
