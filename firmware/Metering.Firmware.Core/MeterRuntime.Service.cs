using Metering.Firmware.Core.Config;
using Metering.Firmware.Core.Forwarding;
using Metering.Firmware.Core.Persistence;
using Metering.Firmware.Core.Sampling;
using Metering.Protocol;

namespace Metering.Firmware.Core
{
    /// <summary>The service half of the meter: windows, session, config, persistence, status and events.</summary>
    public sealed partial class MeterRuntime
    {
        /// <summary>
        /// One service pass: closes the window when due, applies a received config, runs the MQTT session, publishes
        /// events and periodic status, saves counters when due, and turns sampler flags into events.
        /// </summary>
        public void Service()
        {
            long now = _clock.MonotonicMicroseconds;
            if (now >= _windowEndMicroseconds)
            {
                CloseWindow(now);
            }

            byte[] config = _session.TakeConfig();
            if (config != null)
            {
                ApplyConfig(config);
            }

            ReportSamplerChanges();
            _session.Step(this);
            if (_session.Connected)
            {
                PublishEvents();
                if (now - _lastStatusMicroseconds >= _options.StatusIntervalSeconds * 1000000L)
                {
                    int length;
                    byte[] status = Birth(out length);
                    if (_session.PublishStatus(status, length))
                    {
                        _lastStatusMicroseconds = now;
                    }
                }
            }

            int saveSeconds = _config == null ? ConfigMessage.DefaultSaveSeconds : _config.EffectiveSaveSeconds;
            if (now - _lastSaveMicroseconds >= saveSeconds * 1000000L)
            {
                Save(ResetReasons.Unknown);
            }
        }

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
                // The retained config comes back at every reconnect: the same revision is not applied twice.
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

            lock (_channelsLock)
            {
                MoveQueued(_queue, queue);
                _queue = queue;
                _session.UseQueue(queue);
                _telemetry = telemetry;
                _config = config;
                _samplers = samplers;
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

        private void OpenWindow(long now)
        {
            // Windows end on multiples of the window period on the device's UTC clock (wall-clock aligned once synced).
            long periodMs = (_config == null ? ConfigMessage.DefaultWindowSeconds : _config.EffectiveWindowSeconds) * 1000L;
            long utc = _clock.UtcMilliseconds;
            long toBoundary = periodMs - (utc % periodMs);
            _windowStartMicroseconds = now;
            _windowEndMicroseconds = now + (toBoundary * 1000);
        }

        /// <summary>
        /// Closes the window at <paramref name="now"/>: the counters are read now, so end_ms is now, even when the
        /// service loop comes late to the planned boundary (a blocking connect); the next window then ends on the
        /// next boundary, never in the past.
        /// </summary>
        private void CloseWindow(long now)
        {
            long end = now;
            ChannelSampler[] samplers = _samplers;
            if (samplers.Length > 0)
            {
                for (int i = 0; i < samplers.Length; i++)
                {
                    samplers[i].CloseWindow(end, _telemetry.Channels[i]);
                }

                long utcNow = _clock.UtcMilliseconds;
                _telemetry.Boot = Boot;
                _telemetry.Sequence = _sequence++;
                _telemetry.WindowEndMs = utcNow;
                _telemetry.WindowStartMs = _telemetry.WindowEndMs - ((end - _windowStartMicroseconds) / 1000);
                if (_telemetry.WindowStartMs < 0)
                {
                    _telemetry.WindowStartMs = 0;
                }

                _telemetry.ClockSynced = _clock.IsSynced;
                long droppedBefore = _queue.Dropped;
                _queue.Enqueue(_telemetry);
                if (_queue.Dropped > droppedBefore && (_queue.Dropped == 1 || _queue.Dropped % 100 == 0))
                {
                    Events.Add(EventKinds.QueueOverflow, -1, -1, _queue.Dropped.ToString() + " windows dropped since boot (oldest first); energy is kept in the counters");
                }
            }

            OpenWindow(end);
        }

        private void PublishEvents()
        {
            int length;
            byte[] payload;
            while ((payload = Events.Peek(out length)) != null)
            {
                if (!_session.PublishEvent(payload, length))
                {
                    return;
                }

                Events.Remove();
            }
        }

        private void ReportSamplerChanges()
        {
            ChannelSampler[] samplers = _samplers;
            for (int i = 0; i < samplers.Length; i++)
            {
                ChannelSampler s = samplers[i];
                string fault = s.Fault;
                if (fault != s.ReportedFault)
                {
                    Events.Add(fault == null ? EventKinds.SensorRecovered : EventKinds.SensorFault, s.Config.ChannelId, -1,
                        fault == null ? "reads again" : fault);
                    s.ReportedFault = fault;
                }

                if (s.CounterResetSeen)
                {
                    s.CounterResetSeen = false;
                    Events.Add(EventKinds.CounterReset, s.Config.ChannelId, -1, "the meter's energy register went backwards; the counter continues from its own value");
                }

                if (s.EpochStartedSeen)
                {
                    s.EpochStartedSeen = false;
                    Events.Add(EventKinds.EpochStarted, s.Config.ChannelId, -1, "continuity broken (a gap too long to bridge): new epoch " + s.Counter.Epoch.ToString());
                }
            }
        }

        private void Save(int resetReason)
        {
            // The watchdog's last act saves from its own thread while the service loop may be saving: one at a time.
            lock (_stateBuffer)
            {
                SavedState state = ChannelBuilder.Snapshot(Boot, resetReason, _samplers);
                int length = StateCodec.Encode(state, _stateBuffer);
                if (!_storage.Write(StateBlob, _stateBuffer, length))
                {
                    SaveFailures++;
                }

                _lastSaveMicroseconds = _clock.MonotonicMicroseconds;
            }
        }
    }
}
