namespace Metering.Protocol
{
    /// <summary>
    /// A device's configuration, on <c>metering/v1/{device}/config</c>, retained (README.md, "Config"). The device
    /// validates it, applies it atomically and persists it, or rejects it with an event giving the reason.
    /// </summary>
    public sealed class ConfigMessage
    {
        /// <summary>Default publish window in seconds.</summary>
        public const int DefaultWindowSeconds = 10;

        /// <summary>Default counter persistence interval in seconds.</summary>
        public const int DefaultSaveSeconds = 600;

        /// <summary>Device id.</summary>
        public string DeviceId { get; set; }

        /// <summary>Revision chosen by the writer, 1..2^31-1; reported back in status and events.</summary>
        public long Rev { get; set; }

        /// <summary>Publish window in seconds; 0 when absent (10).</summary>
        public int WindowSeconds { get; set; }

        /// <summary>Counter persistence interval in seconds; 0 when absent (600).</summary>
        public int SaveSeconds { get; set; }

        /// <summary>The channels to sample.</summary>
        public ChannelConfig[] Channels { get; set; }

        /// <summary>The window in effect.</summary>
        public int EffectiveWindowSeconds { get { return WindowSeconds != 0 ? WindowSeconds : DefaultWindowSeconds; } }

        /// <summary>The persistence interval in effect.</summary>
        public int EffectiveSaveSeconds { get { return SaveSeconds != 0 ? SaveSeconds : DefaultSaveSeconds; } }
    }
}
