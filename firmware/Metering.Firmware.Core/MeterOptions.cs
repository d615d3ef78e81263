namespace Metering.Firmware.Core
{
    /// <summary>What a meter is told at start: identity, credentials and resource bounds.</summary>
    public sealed class MeterOptions
    {
        /// <summary>Creates options with the defaults below.</summary>
        public MeterOptions()
        {
            FirmwareVersion = "0.1.0";
            QueueBudgetBytes = 24576;
            MaxInFlight = 4;
            StatusIntervalSeconds = 60;
            WatchdogTimeoutSeconds = 30;
            ReconnectBaseMilliseconds = 1000;
            ReconnectCapMilliseconds = 60000;
            EventCapacity = 16;
        }

        /// <summary>Device id (1-32 of a-z, 0-9, '-'); also the MQTT client id and username.</summary>
        public string DeviceId { get; set; }

        /// <summary>Firmware version reported in status.</summary>
        public string FirmwareVersion { get; set; }

        /// <summary>MQTT password (from the untracked secrets file on the device).</summary>
        public string Password { get; set; }

        /// <summary>Bytes of RAM for store-and-forward; the slot count follows from the configured channels.</summary>
        public int QueueBudgetBytes { get; set; }

        /// <summary>Telemetry messages sent and not yet acknowledged, at most.</summary>
        public int MaxInFlight { get; set; }

        /// <summary>Seconds between periodic status publications.</summary>
        public int StatusIntervalSeconds { get; set; }

        /// <summary>Seconds without sampling progress before the software watchdog reboots.</summary>
        public int WatchdogTimeoutSeconds { get; set; }

        /// <summary>First reconnect delay, in milliseconds.</summary>
        public int ReconnectBaseMilliseconds { get; set; }

        /// <summary>Largest reconnect delay, in milliseconds.</summary>
        public int ReconnectCapMilliseconds { get; set; }

        /// <summary>Unsent events kept before the oldest is dropped.</summary>
        public int EventCapacity { get; set; }

        /// <summary>Seed of the reconnect jitter (the shell uses something device-specific, e.g. MAC bytes).</summary>
        public int RandomSeed { get; set; }
    }
}
