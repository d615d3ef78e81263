namespace Metering.Protocol
{
    /// <summary>
    /// One publish window of every channel of a device, on <c>metering/v1/{device}/telemetry</c>
    /// (README.md, "Telemetry"). The energy counters, not the means, carry the energy.
    /// </summary>
    public sealed class TelemetryMessage
    {
        /// <summary>Marks an absent <see cref="Incarnation"/>.</summary>
        public const long Absent = -1;

        /// <summary>Creates a message without an incarnation and without an uptime.</summary>
        public TelemetryMessage()
        {
            Incarnation = Absent;
            UptimeMs = Absent;
        }

        /// <summary>Device id (1-32 of a-z, 0-9, '-'); equals the topic's.</summary>
        public string DeviceId { get; set; }

        /// <summary>
        /// The device's incarnation (README.md, "Device lives"): a random id kept in flash with the counters and drawn
        /// anew when they are lost, 1..2^53-1; <see cref="Absent"/> from firmware that does not send it.
        /// </summary>
        public long Incarnation { get; set; }

        /// <summary>Boot counter: +1 at every start of the firmware, persisted on the device.</summary>
        public long Boot { get; set; }

        /// <summary>Telemetry sequence within the boot, from 0, +1 per window. (Boot, Sequence) identifies a message.</summary>
        public long Sequence { get; set; }

        /// <summary>Window start, milliseconds since the Unix epoch (UTC) on the device clock.</summary>
        public long WindowStartMs { get; set; }

        /// <summary>Window end, milliseconds since the Unix epoch (UTC) on the device clock; the counters are read here.</summary>
        public long WindowEndMs { get; set; }

        /// <summary>
        /// Milliseconds since this boot at the window end, on the device's monotonic clock (SNTP never steps it);
        /// <see cref="Absent"/> from firmware that does not send it. With an unsynced clock it is what places the window:
        /// the collector learns when the boot started (README.md, "Unsynced clocks").
        /// </summary>
        public long UptimeMs { get; set; }

        /// <summary>True when the device clock was SNTP-synchronised at the window end; otherwise only durations are meaningful.</summary>
        public bool ClockSynced { get; set; }

        /// <summary>One reading per channel, 1 to 16, unique ids.</summary>
        public ChannelReading[] Channels { get; set; }
    }
}
