namespace Metering.Protocol
{
    /// <summary>
    /// Birth, periodic health or last will, on <c>metering/v1/{device}/status</c>, retained (README.md, "Status").
    /// Fields other than DeviceId and State are present only when online; optional numbers use -1 for "absent".
    /// </summary>
    public sealed class StatusMessage
    {
        /// <summary>Creates a status with every optional number absent.</summary>
        public StatusMessage()
        {
            Incarnation = -1;
            Boot = -1;
            UptimeSeconds = -1;
            ConfigRev = -1;
            HeapFreeBytes = -1;
            RssiDbm = Absent;
            Reconnects = -1;
            QueueDepth = -1;
            QueueDropped = -1;
        }

        /// <summary>Marks an absent optional integer (RssiDbm uses int.MinValue, since it is negative when present).</summary>
        public const int Absent = int.MinValue;

        /// <summary>Device id.</summary>
        public string DeviceId { get; set; }

        /// <summary>Online (birth, health) or offline (last will).</summary>
        public DeviceState State { get; set; }

        /// <summary>Firmware version; required when online, null when absent.</summary>
        public string FirmwareVersion { get; set; }

        /// <summary>The device's incarnation (as in telemetry), 1..2^53-1; -1 when absent.</summary>
        public long Incarnation { get; set; }

        /// <summary>Boot counter; required when online, -1 when absent.</summary>
        public long Boot { get; set; }

        /// <summary>Seconds since this boot; required when online, -1 when absent.</summary>
        public long UptimeSeconds { get; set; }

        /// <summary>Revision of the applied config (0: none); -1 when absent.</summary>
        public long ConfigRev { get; set; }

        /// <summary>Free managed heap in bytes; -1 when the platform does not tell.</summary>
        public long HeapFreeBytes { get; set; }

        /// <summary>Wi-Fi signal strength in dBm (-127..0); <see cref="Absent"/> when unknown.</summary>
        public int RssiDbm { get; set; }

        /// <summary>MQTT reconnects since boot; -1 when absent.</summary>
        public long Reconnects { get; set; }

        /// <summary>Telemetry messages waiting in store-and-forward; -1 when absent.</summary>
        public long QueueDepth { get; set; }

        /// <summary>Telemetry messages dropped since boot because the queue was full; -1 when absent.</summary>
        public long QueueDropped { get; set; }

        /// <summary>Per-channel health; null when absent.</summary>
        public ChannelHealth[] Channels { get; set; }
    }
}
