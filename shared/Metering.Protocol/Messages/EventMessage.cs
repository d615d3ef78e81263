namespace Metering.Protocol
{
    /// <summary>Something that happened on a device, on <c>metering/v1/{device}/event</c> (README.md, "Event").</summary>
    public sealed class EventMessage
    {
        /// <summary>Creates an event with channel, rev and uptime absent.</summary>
        public EventMessage()
        {
            Channel = -1;
            Rev = -1;
            UptimeMs = -1;
        }

        /// <summary>Device id.</summary>
        public string DeviceId { get; set; }

        /// <summary>Boot counter.</summary>
        public long Boot { get; set; }

        /// <summary>When it happened, milliseconds since the Unix epoch (UTC) on the device clock.</summary>
        public long TimeMs { get; set; }

        /// <summary>Milliseconds since this boot at TimeMs, on the device's monotonic clock; -1 from firmware that does not send it.</summary>
        public long UptimeMs { get; set; }

        /// <summary>True when the device clock was SNTP-synchronised at TimeMs.</summary>
        public bool ClockSynced { get; set; }

        /// <summary>What happened: a token of a-z, 0-9 and '_' (see <see cref="EventKinds"/>).</summary>
        public string Kind { get; set; }

        /// <summary>The channel concerned, or -1.</summary>
        public int Channel { get; set; }

        /// <summary>The config revision concerned, or -1.</summary>
        public long Rev { get; set; }

        /// <summary>What happened, for people; null when absent.</summary>
        public string Detail { get; set; }
    }

    /// <summary>The event kinds firmware v1 publishes. Other tokens are accepted, so firmware can add kinds within v1.</summary>
    public static class EventKinds
    {
        /// <summary>The firmware started; detail says how the counters were restored.</summary>
        public const string Boot = "boot";
        /// <summary>A config was validated, applied and persisted (rev set).</summary>
        public const string ConfigApplied = "config_applied";
        /// <summary>A config was refused (rev set when readable; detail is the decoder's reason).</summary>
        public const string ConfigRejected = "config_rejected";
        /// <summary>A channel started failing (channel set; detail names the fault).</summary>
        public const string SensorFault = "sensor_fault";
        /// <summary>A failing channel reads again (channel set).</summary>
        public const string SensorRecovered = "sensor_recovered";
        /// <summary>A PZEM energy register went backwards (reset by a technician or spontaneously); the counter was re-anchored.</summary>
        public const string CounterReset = "counter_reset";
        /// <summary>A channel's counter epoch changed (channel set; detail says why).</summary>
        public const string EpochStarted = "epoch_started";
        /// <summary>Store-and-forward dropped its oldest telemetry because it was full.</summary>
        public const string QueueOverflow = "queue_overflow";
        /// <summary>The software watchdog found sampling stalled and rebooted (published after the reboot).</summary>
        public const string WatchdogReboot = "watchdog_reboot";
        /// <summary>The clock was synchronised by SNTP.</summary>
        public const string ClockSynced = "clock_synced";

        /// <summary>True for 1-32 characters of a-z, 0-9 and '_' (kinds and fault tokens).</summary>
        public static bool IsToken(string s)
        {
            if (s == null || s.Length == 0 || s.Length > 32)
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                char c = s[i];
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
