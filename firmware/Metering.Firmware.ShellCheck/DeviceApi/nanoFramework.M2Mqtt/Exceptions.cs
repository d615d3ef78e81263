// Reference surface of nanoFramework.M2Mqtt, taken from nanoframework/nanoFramework.m2mqtt at v5.1.215 (M2Mqtt/Exceptions/MqttClientException.cs, MqttConnectionException.cs, MqttCommunicationException.cs): the namespaces,
// types and signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this
// is compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace nanoFramework.M2Mqtt.Exceptions
{
    /// <summary>Client error codes.</summary>
    public enum MqttClientErrorCode
    {
        /// <summary>Will wrong.</summary>
        WillWrong = 1,
        /// <summary>Keep-alive wrong.</summary>
        KeepAliveWrong,
        /// <summary>Topic wildcard.</summary>
        TopicWildcard,
        /// <summary>Topic length.</summary>
        TopicLength,
        /// <summary>QoS not allowed.</summary>
        QosNotAllowed,
        /// <summary>Topics empty.</summary>
        TopicsEmpty,
        /// <summary>QoS levels empty.</summary>
        QosLevelsEmpty,
        /// <summary>Topics and QoS levels differ.</summary>
        TopicsQosLevelsNotMatch,
        /// <summary>Wrong broker message.</summary>
        WrongBrokerMessage,
        /// <summary>Wrong message id.</summary>
        WrongMessageId,
        /// <summary>The in-flight queue is full.</summary>
        InflightQueueFull,
        /// <summary>Invalid flag bits.</summary>
        InvalidFlagBits,
        /// <summary>Invalid connect flags.</summary>
        InvalidConnectFlags,
        /// <summary>Invalid client id.</summary>
        InvalidClientId,
        /// <summary>Invalid protocol name.</summary>
        InvalidProtocolName,
    }

    /// <summary>A client-side error (the in-flight queue is full, ...).</summary>
    public class MqttClientException : Exception
    {
        /// <summary>An error with its code.</summary>
        public MqttClientException(MqttClientErrorCode errorCode) { throw new NotImplementedException(); }

        /// <summary>The code.</summary>
        public MqttClientErrorCode ErrorCode { get { throw new NotImplementedException(); } set { throw new NotImplementedException(); } }
    }

    /// <summary>The connection to the broker could not be made.</summary>
    public class MqttConnectionException : Exception
    {
        /// <summary>The error.</summary>
        public MqttConnectionException(string message, Exception innerException) { throw new NotImplementedException(); }
    }

    /// <summary>A communication error (no CONNACK in time, ...).</summary>
    public class MqttCommunicationException : Exception
    {
        /// <summary>The error.</summary>
        public MqttCommunicationException() { throw new NotImplementedException(); }

        /// <summary>The error with its cause.</summary>
        public MqttCommunicationException(Exception e) { throw new NotImplementedException(); }
    }
}
