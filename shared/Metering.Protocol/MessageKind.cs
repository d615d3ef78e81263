namespace Metering.Protocol
{
    /// <summary>The four message kinds of v1, one per topic suffix.</summary>
    public enum MessageKind
    {
        /// <summary>Not a v1 topic.</summary>
        Unknown = 0,

        /// <summary><c>metering/v1/{device}/telemetry</c>: one publish window of every channel. QoS 1, not retained.</summary>
        Telemetry = 1,

        /// <summary><c>metering/v1/{device}/status</c>: birth, periodic health and the last will. QoS 1, retained.</summary>
        Status = 2,

        /// <summary><c>metering/v1/{device}/config</c>: the device's configuration, written by a technician or the collector. QoS 1, retained.</summary>
        Config = 3,

        /// <summary><c>metering/v1/{device}/event</c>: config accepted/rejected, sensor faults, reboots. QoS 1, not retained.</summary>
        Event = 4,
    }
}
