namespace Metering.Protocol.Schema
{
    /// <summary>Fields of a status message (birth, periodic health, last will), in canonical order.</summary>
    public static class StatusFields
    {
        /// <summary><c>v</c>.</summary>
        public static readonly FieldSpec Version = CommonFields.Version();
        /// <summary><c>device</c>.</summary>
        public static readonly FieldSpec Device = CommonFields.Device();
        /// <summary><c>state</c>: <c>online</c> or <c>offline</c>.</summary>
        public static readonly FieldSpec State = new FieldSpec("state", FieldType.String, "none", 1, 16, Presence.Required);
        /// <summary><c>fw</c>: firmware version.</summary>
        public static readonly FieldSpec Firmware = new FieldSpec("fw", FieldType.String, "none", 1, 32, Presence.Conditional);
        /// <summary><c>incarnation</c>: the device's random life id.</summary>
        public static readonly FieldSpec Incarnation = CommonFields.Incarnation();
        /// <summary><c>boot</c>: boot counter.</summary>
        public static readonly FieldSpec Boot = CommonFields.Boot(Presence.Conditional);
        /// <summary><c>uptime_s</c>: seconds since this boot.</summary>
        public static readonly FieldSpec UptimeS = new FieldSpec("uptime_s", FieldType.Integer, "s", 0, Ranges.UInt32Max, Presence.Conditional);
        /// <summary><c>config_rev</c>: revision of the applied config, 0 when none.</summary>
        public static readonly FieldSpec ConfigRev = new FieldSpec("config_rev", FieldType.Integer, "none", 0, Ranges.Int32Max, Presence.Optional);
        /// <summary><c>heap_free_b</c>: free managed heap.</summary>
        public static readonly FieldSpec HeapFree = new FieldSpec("heap_free_b", FieldType.Integer, "bytes", 0, Ranges.Int32Max, Presence.Optional);
        /// <summary><c>rssi_dbm</c>: Wi-Fi signal strength.</summary>
        public static readonly FieldSpec Rssi = new FieldSpec("rssi_dbm", FieldType.Integer, "dBm", -127, 0, Presence.Optional);
        /// <summary><c>reconnects</c>: MQTT reconnects since boot.</summary>
        public static readonly FieldSpec Reconnects = new FieldSpec("reconnects", FieldType.Integer, "none", 0, Ranges.UInt32Max, Presence.Optional);
        /// <summary><c>queue_depth</c>: telemetry messages waiting in store-and-forward.</summary>
        public static readonly FieldSpec QueueDepth = new FieldSpec("queue_depth", FieldType.Integer, "none", 0, 65535, Presence.Optional);
        /// <summary><c>queue_dropped</c>: telemetry messages dropped (oldest first) since boot because the queue was full.</summary>
        public static readonly FieldSpec QueueDropped = new FieldSpec("queue_dropped", FieldType.Integer, "none", 0, Ranges.UInt32Max, Presence.Optional);
        /// <summary><c>channels</c>: per-channel health.</summary>
        public static readonly FieldSpec Channels = new FieldSpec("channels", FieldType.Array, "none", 0, ProtocolLimits.MaxChannels, Presence.Optional);

        /// <summary>All top-level fields, canonical order.</summary>
        public static readonly FieldSpec[] All = new FieldSpec[] { Version, Device, State, Firmware, Incarnation, Boot, UptimeS, ConfigRev, HeapFree, Rssi, Reconnects, QueueDepth, QueueDropped, Channels };
    }

    /// <summary>Fields of one channel's health inside a status message, in canonical order.</summary>
    public static class ChannelHealthFields
    {
        /// <summary><c>id</c>.</summary>
        public static readonly FieldSpec Id = CommonFields.ChannelId();
        /// <summary><c>kind</c>.</summary>
        public static readonly FieldSpec Kind = CommonFields.SensorKind();
        /// <summary><c>errors</c>: failed readings since boot.</summary>
        public static readonly FieldSpec Errors = new FieldSpec("errors", FieldType.Integer, "none", 0, Ranges.UInt32Max, Presence.Required);
        /// <summary><c>fault</c>: the current fault as a token (<c>no_reply</c>, <c>bad_crc</c>, <c>nack</c>, <c>overflow</c>, ...); absent when healthy.</summary>
        public static readonly FieldSpec Fault = new FieldSpec("fault", FieldType.String, "none", 1, 32, Presence.Optional);

        /// <summary>All channel health fields, canonical order.</summary>
        public static readonly FieldSpec[] All = new FieldSpec[] { Id, Kind, Errors, Fault };
    }
}
