using Metering.Firmware.Core.Config;
using Metering.Firmware.Core.Forwarding;
using Metering.Firmware.Core.Persistence;
using Metering.Firmware.Core.Sampling;
using Metering.Protocol;

namespace Metering.Firmware.Core
{
    /// <summary>Config: validated, applied atomically after closing the running window, persisted, announced.</summary>
    public sealed partial class MeterRuntime
    {
        /// <summary>Validates, applies and persists a config payload, or rejects it with an event. True when applied.</summary>
        public bool ApplyConfig(byte[] payload)
        {
            ProtocolError error;
            ConfigMessage config = ConfigCodec.Decode(payload, out error);
            if (config != null && config.DeviceId != _options.DeviceId)
            {
                error = new ProtocolError(ErrorReason.DeviceMismatch, "device", "config for '" + config.DeviceId + "'", -1);
            }

            if (error == null && _config != null && config.Rev == _config.Rev)
            {
                // The retained config comes back at every reconnect: the same revision is not applied twice. The same
                // revision with other content is a writer's mistake that must not pass silently.
                if (!SameContent(config))
                {
                    Events.Add(EventKinds.ConfigRejected, -1, config.Rev, "rev " + config.Rev.ToString()
                        + " is already applied with other content; a changed config needs a new rev");
                }

                return false;
            }

            if (error == null)
            {
                // Close the running window first, so no window mixes two configs.
                if (_samplers.Length > 0)
                {
                    CloseWindow(_clock.MonotonicMicroseconds);
                }

                if (Install(config, null, out error))
                {
                    _storage.Write(ConfigBlob, payload, payload.Length);
                    Save(ResetReasons.Unknown);
                    Events.Add(EventKinds.ConfigApplied, -1, config.Rev, config.Channels.Length.ToString() + " channels, window " + config.EffectiveWindowSeconds.ToString() + " s");
                    OpenWindow(_clock.MonotonicMicroseconds);
                    return true;
                }
            }

            Events.Add(EventKinds.ConfigRejected, -1, config == null ? -1 : config.Rev, error.ToString());
            return false;
        }

        private bool Install(ConfigMessage config, SavedState saved, out ProtocolError error)
        {
            ChannelSampler[] samplers = ChannelBuilder.Build(config, _sensors, _epochs, _samplers, saved, out error);
            if (samplers == null)
            {
                return false;
            }

            long now = _clock.MonotonicMicroseconds;
            for (int i = 0; i < samplers.Length; i++)
            {
                samplers[i].ScheduleFirst(now);
            }

            int slotBytes = TelemetryQueue.SlotBytesFor(samplers.Length);
            int capacity = _options.QueueBudgetBytes / slotBytes;
            var queue = new TelemetryQueue(capacity < 2 ? 2 : capacity, slotBytes);
            var telemetry = new TelemetryMessage();
            telemetry.DeviceId = _options.DeviceId;
            telemetry.Channels = new ChannelReading[samplers.Length];
            for (int i = 0; i < samplers.Length; i++)
            {
                telemetry.Channels[i] = new ChannelReading();
            }

            long droppedBefore = _queue.Dropped;
            lock (_channelsLock)
            {
                MoveQueued(_queue, queue);
                _queue = queue;
                _session.UseQueue(queue);
                _telemetry = telemetry;
                _config = config;
                _configCanonical = ConfigCodec.Encode(config);
                _samplers = samplers;
            }

            ReportDrops(droppedBefore);
            return true;
        }

        /// <summary>True when <paramref name="config"/> says what the applied config says (compared in canonical form, so layout does not matter).</summary>
        private bool SameContent(ConfigMessage config)
        {
            byte[] canonical = ConfigCodec.Encode(config);
            if (canonical.Length != _configCanonical.Length)
            {
                return false;
            }

            for (int i = 0; i < canonical.Length; i++)
            {
                if (canonical[i] != _configCanonical[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static void MoveQueued(TelemetryQueue from, TelemetryQueue to)
        {
            // Windows of the old config still waiting are re-queued (re-encoded bytes are kept as they are).
            if (from != null)
            {
                from.DrainInto(to);
            }
        }
    }
}
