namespace Metering.Protocol.Schema
{
    /// <summary>Fields of an event message, in canonical order.</summary>
    public static class EventFields
    {
        /// <summary><c>v</c>.</summary>
        public static readonly FieldSpec Version = CommonFields.Version();
        /// <summary><c>device</c>.</summary>
        public static readonly FieldSpec Device = CommonFields.Device();
        /// <summary><c>boot</c>: boot counter.</summary>
        public static readonly FieldSpec Boot = CommonFields.Boot(Presence.Required);
        /// <summary><c>t_ms</c>: when it happened, device clock.</summary>
        public static readonly FieldSpec TimeMs = new FieldSpec("t_ms", FieldType.Integer, "ms", 0, ProtocolLimits.MaxSafeInteger, Presence.Required);
        /// <summary><c>uptime_ms</c>: milliseconds since this boot at t_ms, on the monotonic clock.</summary>
        public static readonly FieldSpec UptimeMs = CommonFields.UptimeMs();
        /// <summary><c>synced</c>: the clock was SNTP-synchronised at t_ms.</summary>
        public static readonly FieldSpec Synced = new FieldSpec("synced", FieldType.Boolean, "none", 0, 1, Presence.Required);
        /// <summary><c>kind</c>: what happened, a token of a-z, 0-9 and '_'.</summary>
        public static readonly FieldSpec Kind = new FieldSpec("kind", FieldType.String, "none", 1, 32, Presence.Required);
        /// <summary><c>channel</c>: the channel concerned.</summary>
        public static readonly FieldSpec Channel = new FieldSpec("channel", FieldType.Integer, "none", 0, ProtocolLimits.MaxChannelId, Presence.Optional);
        /// <summary><c>rev</c>: the config revision concerned.</summary>
        public static readonly FieldSpec Rev = new FieldSpec("rev", FieldType.Integer, "none", 1, Ranges.Int32Max, Presence.Optional);
        /// <summary><c>detail</c>: what happened, for people.</summary>
        public static readonly FieldSpec Detail = new FieldSpec("detail", FieldType.String, "none", 0, 256, Presence.Optional);

        /// <summary>All fields, canonical order.</summary>
        public static readonly FieldSpec[] All = new FieldSpec[] { Version, Device, Boot, TimeMs, UptimeMs, Synced, Kind, Channel, Rev, Detail };
    }
}
