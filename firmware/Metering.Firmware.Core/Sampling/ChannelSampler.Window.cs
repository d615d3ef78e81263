using Metering.Protocol;

namespace Metering.Firmware.Core.Sampling
{
    /// <summary>Closing publish windows and settling the epoch lineage they carry.</summary>
    public sealed partial class ChannelSampler
    {
        /// <summary>
        /// Ends the window at <paramref name="endMicroseconds"/>: integrates up to it holding the last power, copies the
        /// counter, its lineage while unacknowledged, and the statistics into <paramref name="into"/>, and starts a new window.
        /// </summary>
        public void CloseWindow(long endMicroseconds, ChannelReading into)
        {
            lock (_lock)
            {
                HoldTo(endMicroseconds);

                into.ChannelId = Config.ChannelId;
                into.Kind = Config.Kind;
                into.Epoch = Counter.Epoch;
                into.EnergyMillijoules = Counter.Millijoules;
                into.PreviousEpoch = Lineage.Pending ? Lineage.PreviousEpoch : ChannelReading.Absent;
                into.PreviousEnergyMillijoules = Lineage.Pending ? Lineage.PreviousMillijoules : ChannelReading.Absent;
                into.SampleCount = Window.Samples;
                into.ErrorCount = Window.Errors;
                into.PowerMeanMilliwatts = (int)Window.PowerMeanMilliwatts;
                into.PowerMinMilliwatts = (int)Window.PowerMinMilliwatts;
                into.PowerMaxMilliwatts = (int)Window.PowerMaxMilliwatts;
                into.VoltageMeanMillivolts = (int)Window.VoltageMeanMillivolts;
                into.CurrentMeanMilliamps = (int)Window.CurrentMeanMilliamps;
                Window.Clear();
            }
        }

        /// <summary>
        /// Integrates up to <paramref name="microseconds"/> holding the last power (when that is within a bridgeable gap),
        /// so a window's end or a save reads the counter at that instant. Call under the lock.
        /// </summary>
        private void HoldTo(long microseconds)
        {
            if (_lastMicroseconds >= 0 && microseconds > _lastMicroseconds && microseconds - _lastMicroseconds <= _maxBridgeMicroseconds)
            {
                Integrate(microseconds - _lastMicroseconds, _lastPowerMilliwatts, _lastOffsetMilliwatts);
                _lastMicroseconds = microseconds;
            }
        }

        /// <summary>
        /// Brings the counter up to <paramref name="microseconds"/> (as a window close does) and copies what a save keeps
        /// into <paramref name="into"/>, consistently under the lock.
        /// </summary>
        public void Snapshot(long microseconds, Persistence.SavedChannel into)
        {
            lock (_lock)
            {
                HoldTo(microseconds);
                into.ChannelId = Config.ChannelId;
                into.Kind = Config.Kind;
                into.Address = Config.Address;
                into.Epoch = Counter.Epoch;
                into.Millijoules = Counter.Millijoules;
                into.RemainderNanojoules = Counter.RemainderNanojoules;
                into.AnchorMillijoules = Follower == null ? 0 : Follower.AnchorMillijoules;
                into.AnchorWattHours = Follower == null ? -1 : Follower.AnchorWattHours;
                into.LastWattHours = Follower == null ? -1 : Follower.LastWattHours;
                into.OffsetMillijoules = Follower == null ? 0 : Follower.OffsetMillijoules;
                into.PreviousEpoch = Lineage.PreviousEpoch;
                into.PreviousMillijoules = Lineage.PreviousMillijoules;
                into.LineageAcknowledged = Lineage.Acknowledged;
            }
        }

        /// <summary>
        /// The window <paramref name="sequence"/>, queued with this channel's lineage of <paramref name="epoch"/>, carries it:
        /// once the broker acknowledges it, the lineage is settled. Ignored when the epoch changed meanwhile.
        /// </summary>
        public void LineageCarried(long sequence, long epoch)
        {
            lock (_lock)
            {
                if (Counter.Epoch == epoch)
                {
                    Lineage.Note(sequence, -1);
                }
            }
        }

        /// <summary>The broker acknowledged every window up to <paramref name="sequence"/>; true when that settled a pending lineage (save it).</summary>
        public bool AcknowledgedThrough(long sequence)
        {
            lock (_lock)
            {
                return Lineage.Note(-1, sequence);
            }
        }
    }
}
