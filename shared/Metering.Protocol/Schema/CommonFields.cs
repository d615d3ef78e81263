namespace Metering.Protocol.Schema
{
    /// <summary>Ranges shared by several fields.</summary>
    public static class Ranges
    {
        /// <summary>Largest 32-bit unsigned value: boot counters, epochs, since-boot counts.</summary>
        public const long UInt32Max = 4294967295L;

        /// <summary>Largest 32-bit signed value: config revisions, byte counts.</summary>
        public const long Int32Max = 2147483647L;

        /// <summary>Largest per-window count (100 Hz for an hour is 360,000).</summary>
        public const long WindowCountMax = 1000000L;

        /// <summary>Largest power on the wire: 100 kW in mW.</summary>
        public const long PowerMaxMilliwatts = 100000000L;

        /// <summary>Largest voltage on the wire: 1 kV in mV.</summary>
        public const long VoltageMaxMillivolts = 1000000L;

        /// <summary>Largest current on the wire: 1 kA in mA.</summary>
        public const long CurrentMaxMilliamps = 1000000L;
    }

    /// <summary>Fields every message starts with.</summary>
    public static class CommonFields
    {
        /// <summary><c>v</c>: protocol version, always 1.</summary>
        public static FieldSpec Version() { return new FieldSpec("v", FieldType.Integer, "none", 1, 1, Presence.Required); }

        /// <summary><c>device</c>: the device id; must equal the topic's.</summary>
        public static FieldSpec Device() { return new FieldSpec("device", FieldType.String, "none", 1, ProtocolLimits.MaxDeviceIdLength, Presence.Required); }

        /// <summary><c>id</c>: channel id, unique within the device.</summary>
        public static FieldSpec ChannelId() { return new FieldSpec("id", FieldType.Integer, "none", 0, ProtocolLimits.MaxChannelId, Presence.Required); }

        /// <summary><c>kind</c>: sensor kind, <c>ina219</c> or <c>pzem004t</c>.</summary>
        public static FieldSpec SensorKind() { return new FieldSpec("kind", FieldType.String, "none", 1, 16, Presence.Required); }

        /// <summary><c>incarnation</c>: the device's random life id, kept with its counters and drawn anew when they are lost.</summary>
        public static FieldSpec Incarnation() { return new FieldSpec("incarnation", FieldType.Integer, "none", 1, ProtocolLimits.MaxSafeInteger, Presence.Optional); }

        /// <summary><c>boot</c>: the device's boot counter.</summary>
        public static FieldSpec Boot(Presence presence) { return new FieldSpec("boot", FieldType.Integer, "none", 0, Ranges.UInt32Max, presence); }

        /// <summary>
        /// <c>uptime_ms</c>: milliseconds since this boot on the device's monotonic clock (which SNTP never steps) at the
        /// message's instant; what links an unsynced clock's times to the boot's start.
        /// </summary>
        public static FieldSpec UptimeMs() { return new FieldSpec("uptime_ms", FieldType.Integer, "ms", 0, ProtocolLimits.MaxSafeInteger, Presence.Optional); }
    }
}
