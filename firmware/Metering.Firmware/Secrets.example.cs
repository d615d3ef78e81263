namespace Metering.Firmware
{
    /// <summary>
    /// Per-device settings that must never be committed. Copy this file to <c>Secrets.cs</c> (same folder, ignored by
    /// git), fill it in, and build: the project compiles <c>Secrets.cs</c> and never this example. Everything else the
    /// meter needs (channels, windows, calibration) comes from the retained config message, not from here.
    /// </summary>
    internal static class Secrets
    {
        /// <summary>Device id: 1-32 of a-z, 0-9 and '-'. Also the MQTT client id and user name (broker ACL: metering/v1/%u/#).</summary>
        public const string DeviceId = "rack12-node07-a";

        /// <summary>Wi-Fi network name.</summary>
        public const string WifiSsid = "metering-iot";

        /// <summary>Wi-Fi passphrase (WPA2-PSK).</summary>
        public const string WifiPassword = "change-me";

        /// <summary>MQTT broker host name or IPv4 address (resolved at every connection attempt).</summary>
        public const string MqttHost = "broker.example";

        /// <summary>MQTT broker port: 8883 with TLS, 1883 without.</summary>
        public const int MqttPort = 8883;

        /// <summary>This device's MQTT password (per-device credentials; the user name is <see cref="DeviceId"/>).</summary>
        public const string MqttPassword = "change-me";

        /// <summary>True to connect with TLS 1.2 (recommended).</summary>
        public const bool MqttUseTls = true;

        /// <summary>
        /// PEM text of the CA that signed the broker's certificate, or null to rely on the root CA stored in the
        /// device's network configuration (uploaded with the Device Explorer). Ignored without TLS.
        /// </summary>
        public const string MqttCaCertPem = null;

        /// <summary>NTP server the device sets its UTC clock from (a site server; the device needs no internet access).</summary>
        public const string NtpServer = "ntp.example";
    }
}
