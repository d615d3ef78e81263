namespace Metering.Protocol
{
    /// <summary>One channel's health in a status message.</summary>
    public sealed class ChannelHealth
    {
        /// <summary>Channel id.</summary>
        public int ChannelId { get; set; }

        /// <summary>Sensor behind the channel.</summary>
        public SensorKind Kind { get; set; }

        /// <summary>Failed readings since boot.</summary>
        public long ErrorCount { get; set; }

        /// <summary>The current fault as a token (no_reply, bad_crc, nack, overflow, ...), or null when healthy.</summary>
        public string Fault { get; set; }
    }
}
