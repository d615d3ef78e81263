namespace Metering.Protocol
{
    /// <summary>One channel's reading over one publish window (README.md, "Telemetry").</summary>
    public sealed class ChannelReading
    {
        /// <summary>Marks an absent optional number (<see cref="PreviousEpoch"/>, <see cref="PreviousEnergyMillijoules"/>).</summary>
        public const long Absent = -1;

        /// <summary>Creates a reading whose epoch continues no other (both lineage fields absent).</summary>
        public ChannelReading()
        {
            PreviousEpoch = Absent;
            PreviousEnergyMillijoules = Absent;
        }

        /// <summary>Channel id, 0..31, unique within the device.</summary>
        public int ChannelId { get; set; }

        /// <summary>Sensor behind the channel.</summary>
        public SensorKind Kind { get; set; }

        /// <summary>Counter epoch: changes whenever the counter's continuity is broken (a reboot without a meter register to bridge it, a sensor swap).</summary>
        public long Epoch { get; set; }

        /// <summary>Cumulative energy counter at the window end, in millijoules; never decreases within an epoch.</summary>
        public long EnergyMillijoules { get; set; }

        /// <summary>
        /// The epoch this reading's epoch continues, on the readings of a new epoch until the broker acknowledged one
        /// (README.md, "Bridging epochs"); <see cref="Absent"/> otherwise. Present exactly when
        /// <see cref="PreviousEnergyMillijoules"/> is.
        /// </summary>
        public long PreviousEpoch { get; set; }

        /// <summary>
        /// The counter, in millijoules, at which this epoch took over from <see cref="PreviousEpoch"/>: the device counted
        /// EnergyMillijoules minus this since then. <see cref="Absent"/> with PreviousEpoch; never above EnergyMillijoules.
        /// </summary>
        public long PreviousEnergyMillijoules { get; set; }

        /// <summary>Successful readings in the window. When 0, the power, voltage and current fields are absent (unknown, not zero).</summary>
        public int SampleCount { get; set; }

        /// <summary>Failed readings in the window.</summary>
        public int ErrorCount { get; set; }

        /// <summary>Mean power over the window's samples, in milliwatts.</summary>
        public int PowerMeanMilliwatts { get; set; }

        /// <summary>Lowest sampled power, in milliwatts.</summary>
        public int PowerMinMilliwatts { get; set; }

        /// <summary>Highest sampled power, in milliwatts.</summary>
        public int PowerMaxMilliwatts { get; set; }

        /// <summary>Mean voltage (DC bus, or AC RMS), in millivolts.</summary>
        public int VoltageMeanMillivolts { get; set; }

        /// <summary>Mean current (DC, or AC RMS), in milliamps.</summary>
        public int CurrentMeanMilliamps { get; set; }
    }
}
