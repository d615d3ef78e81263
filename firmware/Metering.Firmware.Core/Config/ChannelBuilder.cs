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
    /// an INA219 channel restored from flash starts a new epoch (the energy while the device was off is unknown);
    /// a new or changed channel starts a new epoch at zero.
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
                    Restore(restored, s, epochs);
                }
                else
                {
                    s.Counter.Epoch = epochs.Next();
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
                if (to.Follower != null && from.Config.GainPpm == to.Config.GainPpm)
                {
                    to.Follower.AnchorMillijoules = from.Follower.AnchorMillijoules;
                    to.Follower.AnchorWattHours = from.Follower.AnchorWattHours;
                    to.Follower.LastWattHours = from.Follower.LastWattHours;
                }
            }
        }

        private static void Restore(SavedChannel saved, ChannelSampler s, EpochAllocator epochs)
        {
            s.Counter.Millijoules = saved.Millijoules;
            s.Counter.RemainderNanojoules = saved.RemainderNanojoules;
            if (s.Follower != null && saved.AnchorWattHours >= 0)
            {
                s.Counter.Epoch = saved.Epoch;
                s.Follower.AnchorMillijoules = saved.AnchorMillijoules;
                s.Follower.AnchorWattHours = saved.AnchorWattHours;
                s.ResumePending = true;
            }
            else
            {
                s.Counter.Epoch = epochs.Next();
            }
        }

        /// <summary>The state to save for <paramref name="samplers"/>, each read under its lock.</summary>
        public static SavedState Snapshot(long boot, int resetReason, ChannelSampler[] samplers)
        {
            var state = new SavedState();
            state.Boot = boot;
            state.ResetReason = resetReason;
            state.Channels = new SavedChannel[samplers == null ? 0 : samplers.Length];
            for (int i = 0; i < state.Channels.Length; i++)
            {
                ChannelSampler s = samplers[i];
                var c = new SavedChannel();
                lock (s.SyncRoot)
                {
                    c.ChannelId = s.Config.ChannelId;
                    c.Kind = s.Config.Kind;
                    c.Address = s.Config.Address;
                    c.Epoch = s.Counter.Epoch;
                    c.Millijoules = s.Counter.Millijoules;
                    c.RemainderNanojoules = s.Counter.RemainderNanojoules;
                    c.AnchorMillijoules = s.Follower == null ? 0 : s.Follower.AnchorMillijoules;
                    c.AnchorWattHours = s.Follower == null ? -1 : s.Follower.AnchorWattHours;
                }

                state.Channels[i] = c;
            }

            return state;
        }
    }
}
