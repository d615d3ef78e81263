// Reference surface of nanoFramework.M2Mqtt, taken from nanoframework/nanoFramework.m2mqtt at v5.1.215 (M2Mqtt/MqttSettings.cs): the namespaces,
// types and signatures the ESP32 shell uses, with the overloads that take part in resolving its calls. Bodies throw: this
// is compiled against, never run (firmware/Metering.Firmware.ShellCheck/README.md).
using System;

namespace nanoFramework.M2Mqtt
{
    /// <summary>The client's settings.</summary>
    public class MqttSettings
    {
        /// <summary>Default MQTT port.</summary>
        public const int BrokerDefaultPort = 1883;

        /// <summary>Default MQTT over TLS port.</summary>
        public const int BrokerDefaultSslPort = 8883;

        /// <summary>Attempts to deliver an unacknowledged QoS 1 or 2 message.</summary>
        public const int MaximumAttemptsRetry = 3;

        /// <summary>Default in-flight bound: int.MaxValue.</summary>
        public const int DefaultInflightQueueSize = int.MaxValue;

        private MqttSettings()
        {
        }

        /// <summary>Messages in flight before Publish throws.</summary>
        public int InflightQueueSize { get { throw new NotImplementedException(); } set { throw new NotImplementedException(); } }
    }
}
