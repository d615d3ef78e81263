namespace Metering.Firmware.Core.Sampling
{
    /// <summary>
    /// What a channel's current epoch continues (README.md, "Bridging epochs"): the epoch before it and the counter value,
    /// in millijoules, at which this epoch took over. Every firmware epoch change keeps the counter's value (a long
    /// INA219 gap, a reboot, a PZEM register that went back while the ESP32 was down), so the energy the device counted
    /// from that value to a reading of the new epoch is the reading's counter minus <see cref="PreviousMillijoules"/>.
    /// Telemetry carries it (<c>prev_epoch</c>, <c>prev_energy_mj</c>) until the broker acknowledged a window that
    /// carried it. Guarded by its sampler's lock.
    /// </summary>
    public sealed class EpochLineage
    {
        /// <summary>The epoch this one continues; -1 when it continues none (a new meter, a counter that starts at zero).</summary>
        public long PreviousEpoch = -1;

        /// <summary>The counter, in millijoules, when this epoch took over from <see cref="PreviousEpoch"/>.</summary>
        public long PreviousMillijoules;

        /// <summary>True once the broker acknowledged a window of this epoch that carried the lineage.</summary>
        public bool Acknowledged;

        /// <summary>Sequence (this boot) of the first window that carried the lineage; -1 until one did.</summary>
        public long FirstSequence = -1;

        /// <summary>True while telemetry must carry the lineage: there is one, and no window with it was acknowledged yet.</summary>
        public bool Pending { get { return PreviousEpoch >= 0 && !Acknowledged; } }

        /// <summary>
        /// The counter leaves <paramref name="epoch"/> at <paramref name="millijoules"/> for a new epoch. When the lineage
        /// of <paramref name="epoch"/> itself was never acknowledged, the collector may never have seen that epoch, so
        /// the new one keeps bridging from the older epoch the collector does know (the counter's value ran on
        /// through both).
        /// </summary>
        public void Continue(long epoch, long millijoules)
        {
            if (!Pending)
            {
                PreviousEpoch = epoch;
                PreviousMillijoules = millijoules;
            }

            Acknowledged = false;
            FirstSequence = -1;
        }

        /// <summary>The new epoch continues nothing: its counter does not carry on from an older one.</summary>
        public void Break()
        {
            PreviousEpoch = -1;
            PreviousMillijoules = 0;
            Acknowledged = false;
            FirstSequence = -1;
        }

        /// <summary>Copies <paramref name="other"/> (a config change keeps the channel's counter and its lineage).</summary>
        public void CopyFrom(EpochLineage other)
        {
            PreviousEpoch = other.PreviousEpoch;
            PreviousMillijoules = other.PreviousMillijoules;
            Acknowledged = other.Acknowledged;
            FirstSequence = other.FirstSequence;
        }

        /// <summary>
        /// Notes that the window <paramref name="sequence"/> carried the lineage, and that the broker acknowledged every
        /// window up to <paramref name="acknowledgedThrough"/>. True when this made the lineage acknowledged.
        /// </summary>
        public bool Note(long sequence, long acknowledgedThrough)
        {
            if (!Pending)
            {
                return false;
            }

            if (FirstSequence < 0 && sequence >= 0)
            {
                FirstSequence = sequence;
            }

            if (FirstSequence >= 0 && acknowledgedThrough >= FirstSequence)
            {
                Acknowledged = true;
                return true;
            }

            return false;
        }
    }
}
