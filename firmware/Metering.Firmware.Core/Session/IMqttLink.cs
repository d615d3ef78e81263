namespace Metering.Firmware.Core.Session
{
    /// <summary>
    /// The MQTT client as the session needs it. The ESP32 shell adapts nanoFramework.M2Mqtt (which has no automatic
    /// reconnect and throws when its in-flight queue is full); the host runner adapts MQTTnet. Every publish and
    /// subscription is QoS 1. Attach the event sink before connecting.
    /// </summary>
    public interface IMqttLink
    {
        /// <summary>Where the link reports acknowledgements, received messages and a lost connection (from any thread).</summary>
        void Attach(IMqttLinkEvents events);

        /// <summary>
        /// Connects with a clean session and a retained QoS 1 last will; true on CONNACK success. Never throws for
        /// network or broker refusals.
        /// </summary>
        bool Connect(string clientId, string username, string password, string willTopic, byte[] willPayload);

        /// <summary>True while connected.</summary>
        bool IsConnected { get; }

        /// <summary>
        /// Publishes at QoS 1; returns the message id (&gt; 0) whose PUBACK will be reported, 0 when the client is busy
        /// (its in-flight queue is full: try again later, the connection is fine), or -1 when it could not be sent
        /// (the connection is broken).
        /// </summary>
        int Publish(string topic, byte[] payload, int offset, int count, bool retain);

        /// <summary>Subscribes at QoS 1; true when the broker granted it.</summary>
        bool Subscribe(string topic);

        /// <summary>Disconnects (the broker then does not publish the last will).</summary>
        void Disconnect();
    }

    /// <summary>What the link reports. Implementations must be thread-safe and quick.</summary>
    public interface IMqttLinkEvents
    {
        /// <summary>The broker acknowledged message <paramref name="messageId"/>.</summary>
        void OnPublished(int messageId);

        /// <summary>A message arrived on a subscribed topic.</summary>
        void OnMessage(string topic, byte[] payload);

        /// <summary>The connection dropped.</summary>
        void OnConnectionLost();
    }
}
