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
            bool lineageSettled = SettleLineages();
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
            if (lineageSettled || now - _lastSaveMicroseconds >= saveSeconds * 1000000L)
            {
                Save(ResetReasons.Unknown);
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
                _telemetry.Incarnation = Incarnation;
                _telemetry.Boot = Boot;
                _telemetry.Sequence = _sequence++;
                _telemetry.WindowEndMs = utcNow;
                _telemetry.WindowStartMs = _telemetry.WindowEndMs - ((end - _windowStartMicroseconds) / 1000);
                if (_telemetry.WindowStartMs < 0)
                {
                    _telemetry.WindowStartMs = 0;
                }

                // The uptime at the instant the counters were read: what places a window of an unsynced clock (the
                // contract's "Unsynced clocks"), since the monotonic clock counts from the boot and SNTP never steps it.
                _telemetry.UptimeMs = end / 1000;

                _telemetry.ClockSynced = _clock.IsSynced;
                long droppedBefore = _queue.Dropped;
                if (_queue.Enqueue(_telemetry))
                {
                    // The queue may have left lineages out to fit the message: only those still in it were carried.
                    for (int i = 0; i < samplers.Length; i++)
                    {
                        ChannelReading reading = _telemetry.Channels[i];
                        if (reading.PreviousEpoch != ChannelReading.Absent)
                        {
                            samplers[i].LineageCarried(_telemetry.Sequence, reading.Epoch);
                        }
                    }
                }

                ReportDrops(droppedBefore);
            }

            OpenWindow(end);
        }

        /// <summary>A <c>queue_overflow</c> event at the first drop and whenever the count passes another hundred.</summary>
        private void ReportDrops(long droppedBefore)
        {
            long dropped = _queue.Dropped;
            if (dropped > droppedBefore && (droppedBefore == 0 || droppedBefore / 100 != dropped / 100))
            {
                Events.Add(EventKinds.QueueOverflow, -1, -1, dropped.ToString() + " windows dropped since boot (oldest first, or too large for a resized queue); energy is kept in the counters");
            }
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

    }
}
