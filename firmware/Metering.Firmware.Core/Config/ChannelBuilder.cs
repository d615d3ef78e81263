using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Persistence;
using Metering.Firmware.Core.Sampling;
using Metering.Protocol;

namespace Metering.Firmware.Core.Config
{
    /// <summary>
    /// Turns a validated config into samplers, carrying each counter over when its channel keeps its id, kind and
    /// address: from the running samplers on a config change, or from flash at boot. Continuity rules (README.md,
    /// "Counters across reboots and config changes"): a PZEM channel keeps its epoch and resumes its register band;
    /// an INA219 channel restored from flash starts a new epoch that continues the saved one (the energy while the
    /// device was off is unknown, the counted energy is not lost); a new or changed channel starts a new epoch at zero
    /// that continues nothing.
    /// </summary>
    public static class ChannelBuilder
    {
        /// <summary>Builds the samplers; null with <paramref name="error"/> when a channel has no sensor on this device.</summary>
        public static ChannelSampler[] Build(ConfigMessage config, ISensorFactory factory, EpochAllocator epochs,
            ChannelSampler[] running, SavedState saved, out ProtocolError error)
        {
            error = null;
            var samplers = new ChannelSampler[config.Channels.Length];
            for (int i = 0; i < samplers.Length; i++)
            {
                ChannelConfig c = config.Channels[i];
                string problem;
                ISensor sensor = factory.Create(c, out problem);
                if (sensor == null)
                {
                    error = new ProtocolError(ErrorReason.InvalidValue, ProtocolError.Path("channels", i, null),
                        problem != null ? problem : "this device cannot serve a " + SensorKinds.Name(c.Kind) + " at address " + c.Address.ToString(), -1);
                    return null;
                }

                var s = new ChannelSampler(c, sensor, epochs);
                ChannelSampler previous = Find(running, c);
                SavedChannel restored = saved == null ? null : saved.Find(c.ChannelId, c.Kind, c.Address);
                if (previous != null)
                {
                    CarryOver(previous, s);
                }
                else if (restored != null)
                {
                    Restore(restored, s);
                }
                else
                {
                    s.StartEpoch(false);
                }

                samplers[i] = s;
            }

            return samplers;
        }

        private static ChannelSampler Find(ChannelSampler[] running, ChannelConfig c)
        {
            if (running == null)
            {
                return null;
            }

            for (int i = 0; i < running.Length; i++)
            {
                ChannelConfig r = running[i].Config;
                if (r.ChannelId == c.ChannelId && r.Kind == c.Kind && r.Address == c.Address)
                {
                    return running[i];
                }
            }

            return null;
        }

        private static void CarryOver(ChannelSampler from, ChannelSampler to)
        {
            lock (from.SyncRoot)
            {
                to.Counter.Epoch = from.Counter.Epoch;
                to.Counter.Millijoules = from.Counter.Millijoules;
                to.Counter.RemainderNanojoules = from.Counter.RemainderNanojoules;
                to.Lineage.CopyFrom(from.Lineage);
                if (to.Follower != null && from.Config.GainPpm == to.Config.GainPpm)
                {
                    // The offset energy so far stays: it is what the old offset added, whatever the new one is.
                    to.Follower.AnchorMillijoules = from.Follower.AnchorMillijoules;
                    to.Follower.AnchorWattHours = from.Follower.AnchorWattHours;
                    to.Follower.LastWattHours = from.Follower.LastWattHours;
                    to.Follower.OffsetMillijoules = from.Follower.OffsetMillijoules;
                    to.Follower.OffsetRemainderNanojoules = from.Follower.OffsetRemainderNanojoules;
                }
            }
        }

        private static void Restore(SavedChannel saved, ChannelSampler s)
        {
            s.Counter.Epoch = saved.Epoch;
            s.Counter.Millijoules = saved.Millijoules;
            s.Counter.RemainderNanojoules = saved.RemainderNanojoules;
            s.Lineage.PreviousEpoch = saved.PreviousEpoch;
            s.Lineage.PreviousMillijoules = saved.PreviousMillijoules;
            s.Lineage.Acknowledged = saved.LineageAcknowledged;
            if (s.Follower != null && saved.AnchorWattHours >= 0)
            {
                s.Follower.AnchorMillijoules = saved.AnchorMillijoules;
                s.Follower.AnchorWattHours = saved.AnchorWattHours;
                s.Follower.LastWattHours = saved.LastWattHours;
                s.Follower.OffsetMillijoules = saved.OffsetMillijoules;
                s.ResumePending = true;
            }
            else
            {
                // The counted energy is kept and the new epoch continues the saved one; the time off is not metered.
                s.StartEpoch(true);
            }
        }

        /// <summary>The state to save for <paramref name="samplers"/>, each brought up to <paramref name="nowMicroseconds"/> under its lock.</summary>
        public static SavedState Snapshot(long incarnation, long boot, int resetReason, ChannelSampler[] samplers, long nowMicroseconds)
        {
            var state = new SavedState();
            state.Incarnation = incarnation;
            state.Boot = boot;
            state.ResetReason = resetReason;
            state.Channels = new SavedChannel[samplers == null ? 0 : samplers.Length];
            for (int i = 0; i < state.Channels.Length; i++)
            {
                state.Channels[i] = new SavedChannel();
                samplers[i].Snapshot(nowMicroseconds, state.Channels[i]);
            }

            return state;
        }
    }
}
