namespace Metering.Firmware.Core.Sampling
{
    /// <summary>Per-window statistics of one channel: counts, power min/mean/max, mean voltage and current. No allocation.</summary>
    public sealed class WindowStats
    {
        /// <summary>Successful samples in the window.</summary>
        public int Samples;

        /// <summary>Failed samples in the window.</summary>
        public int Errors;

        /// <summary>Sum of calibrated power over the samples, in milliwatts.</summary>
        public long PowerSumMilliwatts;

        /// <summary>Lowest calibrated power, in milliwatts.</summary>
        public long PowerMinMilliwatts;

        /// <summary>Highest calibrated power, in milliwatts.</summary>
        public long PowerMaxMilliwatts;

        /// <summary>Sum of voltages, in millivolts.</summary>
        public long VoltageSumMillivolts;

        /// <summary>Sum of currents, in milliamps.</summary>
        public long CurrentSumMilliamps;

        /// <summary>Adds one successful sample.</summary>
        public void Add(long powerMilliwatts, long voltageMillivolts, long currentMilliamps)
        {
            if (Samples == 0 || powerMilliwatts < PowerMinMilliwatts)
            {
                PowerMinMilliwatts = powerMilliwatts;
            }

            if (Samples == 0 || powerMilliwatts > PowerMaxMilliwatts)
            {
                PowerMaxMilliwatts = powerMilliwatts;
            }

            Samples++;
            PowerSumMilliwatts += powerMilliwatts;
            VoltageSumMillivolts += voltageMillivolts;
            CurrentSumMilliamps += currentMilliamps;
        }

        /// <summary>Mean power (floor), in milliwatts; 0 without samples.</summary>
        public long PowerMeanMilliwatts { get { return Samples == 0 ? 0 : PowerSumMilliwatts / Samples; } }

        /// <summary>Mean voltage (floor), in millivolts.</summary>
        public long VoltageMeanMillivolts { get { return Samples == 0 ? 0 : VoltageSumMillivolts / Samples; } }

        /// <summary>Mean current (floor), in milliamps.</summary>
        public long CurrentMeanMilliamps { get { return Samples == 0 ? 0 : CurrentSumMilliamps / Samples; } }

        /// <summary>Starts a new window.</summary>
        public void Clear()
        {
            Samples = 0;
            Errors = 0;
            PowerSumMilliwatts = 0;
            PowerMinMilliwatts = 0;
            PowerMaxMilliwatts = 0;
            VoltageSumMillivolts = 0;
            CurrentSumMilliamps = 0;
        }
    }
}
