// Reference surface of nanoFramework.M2Mqtt.Core, taken from nanoframework/nanoFramework.m2mqtt at v5.1.215 (nanoFramework.M2Mqtt.Core/Messages/*.cs): the namespaces,
// types and signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this
// is compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace nanoFramework.M2Mqtt.Messages
{
    /// <summary>QoS levels.</summary>
    public enum MqttQoSLevel
    {
        /// <summary>At most once.</summary>
        AtMostOnce = 0x00,
        /// <summary>At least once.</summary>
        AtLeastOnce = 0x01,
        /// <summary>Exactly once.</summary>
        ExactlyOnce = 0x02,
        /// <summary>A refused subscription.</summary>
        GrantedFailure = 0x80,
    }

    /// <summary>Reason codes (MQTT 5) and CONNACK return codes (3.1.1); the shell compares with Success.</summary>
    public enum MqttReasonCode
    {
        /// <summary>Success.</summary>
        Success = 0x00,
        /// <summary>Unspecified error.</summary>
        UnspecifiedError = 0x80,
        /// <summary>3.1.1: unacceptable protocol version.</summary>
        ConnectionRefusedUnacceptableProtocolVersion = 0x01,
        /// <summary>3.1.1: identifier rejected.</summary>
        ConnectionRefusedIdentifierRejected = 0x02,
        /// <summary>3.1.1: server unavailable.</summary>
        ConnectionRefusedServerUnavailable = 0x03,
        /// <summary>3.1.1: bad user name or password.</summary>
        ConnectionRefusedBadUserNameOrPassword = 0x04,
        /// <summary>3.1.1: not authorized.</summary>
        ConnectionRefusedNotAuthorized = 0x05,
    }

    /// <summary>A received PUBLISH.</summary>
    public class MqttMsgPublishEventArgs : EventArgs
    {
        /// <summary>The message.</summary>
        public MqttMsgPublishEventArgs(string topic, byte[] message, bool dupFlag, MqttQoSLevel qosLevel, bool retain) { throw new NotImplementedException(); }

        /// <summary>Topic.</summary>
        public string Topic { get { throw new NotImplementedException(); } }

        /// <summary>Payload.</summary>
        public byte[] Message { get { throw new NotImplementedException(); } }

        /// <summary>Duplicate flag.</summary>
        public bool DupFlag { get { throw new NotImplementedException(); } }

        /// <summary>QoS.</summary>
        public MqttQoSLevel QosLevel { get { throw new NotImplementedException(); } }

        /// <summary>Retain flag.</summary>
        public bool Retain { get { throw new NotImplementedException(); } }
    }

    /// <summary>A published message: acknowledged, or given up after the retries.</summary>
    public class MqttMsgPublishedEventArgs : EventArgs
    {
        /// <summary>Published.</summary>
        public MqttMsgPublishedEventArgs(ushort messageId) { throw new NotImplementedException(); }

        /// <summary>Published or not.</summary>
        public MqttMsgPublishedEventArgs(ushort messageId, bool isPublished) { throw new NotImplementedException(); }

        /// <summary>The message id.</summary>
        public ushort MessageId { get { throw new NotImplementedException(); } set { throw new NotImplementedException(); } }

        /// <summary>False when the client gave up.</summary>
        public bool IsPublished { get { throw new NotImplementedException(); } set { throw new NotImplementedException(); } }
    }

    /// <summary>A SUBACK.</summary>
    public class MqttMsgSubscribedEventArgs : EventArgs
    {
        /// <summary>The SUBACK.</summary>
        public MqttMsgSubscribedEventArgs(ushort messageId, MqttQoSLevel[] grantedQosLevels) { throw new NotImplementedException(); }

        /// <summary>The SUBSCRIBE's message id.</summary>
        public ushort MessageId { get { throw new NotImplementedException(); } }

        /// <summary>Granted QoS per topic (GrantedFailure: refused).</summary>
        public MqttQoSLevel[] GrantedQoSLevels { get { throw new NotImplementedException(); } }
    }

    /// <summary>An UNSUBACK.</summary>
    public class MqttMsgUnsubscribedEventArgs : EventArgs
    {
        /// <summary>The UNSUBACK.</summary>
        public MqttMsgUnsubscribedEventArgs(ushort messageId) { throw new NotImplementedException(); }

        /// <summary>The UNSUBSCRIBE's message id.</summary>
        public ushort MessageId { get { throw new NotImplementedException(); } }
    }
}
