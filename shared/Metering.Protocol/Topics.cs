namespace Metering.Protocol
{
    /// <summary>
    /// Topic names of v1: <c>metering/v1/{deviceId}/{kind}</c>. Devices publish only under their own prefix;
    /// the collector subscribes with the wildcard filters below.
    /// </summary>
    public static class Topics
    {
        /// <summary>Every v1 topic starts with this.</summary>
        public const string Root = "metering/v1/";

        /// <summary>Suffix of telemetry topics.</summary>
        public const string TelemetrySuffix = "telemetry";

        /// <summary>Suffix of status topics.</summary>
        public const string StatusSuffix = "status";

        /// <summary>Suffix of config topics.</summary>
        public const string ConfigSuffix = "config";

        /// <summary>Suffix of event topics.</summary>
        public const string EventSuffix = "event";

        /// <summary>The four topic templates, as the AsyncAPI document writes them.</summary>
        public static readonly string[] Templates = new string[]
        {
            Root + "{deviceId}/" + TelemetrySuffix,
            Root + "{deviceId}/" + StatusSuffix,
            Root + "{deviceId}/" + ConfigSuffix,
            Root + "{deviceId}/" + EventSuffix,
        };

        /// <summary>Subscription filter for every device's telemetry.</summary>
        public const string AllTelemetry = Root + "+/" + TelemetrySuffix;

        /// <summary>Subscription filter for every device's status.</summary>
        public const string AllStatus = Root + "+/" + StatusSuffix;

        /// <summary>Subscription filter for every device's events.</summary>
        public const string AllEvents = Root + "+/" + EventSuffix;

        /// <summary>Subscription filter for everything v1 (the collector's default).</summary>
        public const string All = Root + "#";

        /// <summary>The topic of <paramref name="kind"/> for <paramref name="deviceId"/>.</summary>
        /// <exception cref="System.ArgumentException">The id breaks the device id rule or the kind is Unknown.</exception>
        public static string For(string deviceId, MessageKind kind)
        {
            if (!DeviceId.IsValid(deviceId))
            {
                throw new System.ArgumentException("device id must be 1-32 of a-z, 0-9 and '-'", "deviceId");
            }

            string suffix = SuffixOf(kind);
            if (suffix == null)
            {
                throw new System.ArgumentException("no topic for this message kind", "kind");
            }

            return Root + deviceId + "/" + suffix;
        }

        /// <summary>The topic suffix of <paramref name="kind"/>, or null for Unknown.</summary>
        public static string SuffixOf(MessageKind kind)
        {
            switch (kind)
            {
                case MessageKind.Telemetry: return TelemetrySuffix;
                case MessageKind.Status: return StatusSuffix;
                case MessageKind.Config: return ConfigSuffix;
                case MessageKind.Event: return EventSuffix;
                default: return null;
            }
        }

        /// <summary>
        /// Splits a topic into device id and kind. False (and Unknown, null) when the topic is not exactly
        /// <c>metering/v1/{valid device id}/{telemetry|status|config|event}</c>.
        /// </summary>
        public static bool TryParse(string topic, out string deviceId, out MessageKind kind)
        {
            deviceId = null;
            kind = MessageKind.Unknown;
            if (topic == null || topic.Length <= Root.Length || topic.IndexOf(Root) != 0)
            {
                return false;
            }

            int slash = topic.IndexOf('/', Root.Length);
            if (slash < 0)
            {
                return false;
            }

            string id = topic.Substring(Root.Length, slash - Root.Length);
            string suffix = topic.Substring(slash + 1);
            MessageKind parsed = KindOfSuffix(suffix);
            if (parsed == MessageKind.Unknown || !DeviceId.IsValid(id))
            {
                return false;
            }

            deviceId = id;
            kind = parsed;
            return true;
        }

        private static MessageKind KindOfSuffix(string suffix)
        {
            if (suffix == TelemetrySuffix) return MessageKind.Telemetry;
            if (suffix == StatusSuffix) return MessageKind.Status;
            if (suffix == ConfigSuffix) return MessageKind.Config;
            if (suffix == EventSuffix) return MessageKind.Event;
            return MessageKind.Unknown;
        }
    }
}
