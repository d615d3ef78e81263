using System;
using Metering.Protocol;
using Metering.Protocol.Schema;

namespace Metering.Firmware.Core.Calibration
{
    /// <summary>
    /// The least-squares fit of hardware/calibration.md, section 5: the reference meter's mean power y against the
    /// device's mean power x at n operating points, y = a x + b, turned into the config's <c>gain_ppm</c> and
    /// <c>offset_mw</c>. When the readings were taken with a calibration (g0, o0) already applied, the result replaces
    /// it: gain_ppm = a x g0 and offset_mw = a x o0 + b, because x = raw x g0 / 10^6 + o0 (the firmware's formula,
    /// <see cref="Sampling.ChannelSampler.Calibrate"/>). Pure: no clock, no I/O; used off the device.
    /// </summary>
    public sealed class CalibrationFit
    {
        /// <summary>Fewest operating points a fit takes: a line needs two distinct readings.</summary>
        public const int MinimumPoints = 2;

        /// <summary>Smallest plausible gain (0.95): below it, look for a fault rather than calibrate it away (calibration.md).</summary>
        public const long PlausibleMinGainPpm = 950000;

        /// <summary>Largest plausible gain (1.05).</summary>
        public const long PlausibleMaxGainPpm = 1050000;

        /// <summary>Largest plausible offset magnitude in milliwatts (20 W).</summary>
        public const long PlausibleMaxOffsetMilliwatts = 20000;

        /// <summary>Fits uncalibrated readings (gain 10^6 ppm, offset 0 applied when they were taken).</summary>
        public CalibrationFit(long[] referenceMilliwatts, long[] deviceMilliwatts)
            : this(referenceMilliwatts, deviceMilliwatts, ChannelConfig.UnityGainPpm, 0)
        {
        }

        /// <summary>Fits readings taken with <paramref name="appliedGainPpm"/> and <paramref name="appliedOffsetMilliwatts"/> in force.</summary>
        /// <param name="referenceMilliwatts">Mean reference power at each point, in mW.</param>
        /// <param name="deviceMilliwatts">Mean device power (<c>p_mean_mw</c>) at the same points and intervals, in mW.</param>
        /// <param name="appliedGainPpm">The <c>gain_ppm</c> in force while the readings were taken.</param>
        /// <param name="appliedOffsetMilliwatts">The <c>offset_mw</c> in force while the readings were taken.</param>
        public CalibrationFit(long[] referenceMilliwatts, long[] deviceMilliwatts, int appliedGainPpm, int appliedOffsetMilliwatts)
        {
            if (referenceMilliwatts == null || deviceMilliwatts == null)
            {
                throw new ArgumentNullException(referenceMilliwatts == null ? nameof(referenceMilliwatts) : nameof(deviceMilliwatts));
            }

            if (deviceMilliwatts.Length != referenceMilliwatts.Length)
            {
                throw new ArgumentException("one device reading per reference reading", nameof(deviceMilliwatts));
            }

            if (deviceMilliwatts.Length < MinimumPoints)
            {
                throw new ArgumentException("at least two operating points", nameof(deviceMilliwatts));
            }

            if (appliedGainPpm <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(appliedGainPpm), "the applied gain must be positive");
            }

            int n = deviceMilliwatts.Length;
            for (int i = 0; i < n; i++)
            {
                if (referenceMilliwatts[i] <= 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(referenceMilliwatts), "every reference reading must be above 0 mW: a calibration point is a load");
                }
            }

            double meanX = Mean(deviceMilliwatts);
            double meanY = Mean(referenceMilliwatts);
            double sxx = 0;
            double sxy = 0;
            for (int i = 0; i < n; i++)
            {
                double dx = deviceMilliwatts[i] - meanX;
                sxx += dx * dx;
                sxy += dx * (referenceMilliwatts[i] - meanY);
            }

            if (sxx == 0)
            {
                throw new ArgumentException("the device readings are all equal: a line needs two distinct operating points", nameof(deviceMilliwatts));
            }

            Slope = sxy / sxx;
            InterceptMilliwatts = meanY - (Slope * meanX);
            GainPpm = RoundHalfAwayFromZero(Slope * appliedGainPpm);
            OffsetMilliwatts = RoundHalfAwayFromZero((Slope * appliedOffsetMilliwatts) + InterceptMilliwatts);
            double worst = 0;
            for (int i = 0; i < n; i++)
            {
                double fitted = (Slope * deviceMilliwatts[i]) + InterceptMilliwatts;
                double residual = (fitted - referenceMilliwatts[i]) / referenceMilliwatts[i];
                residual = residual < 0 ? -residual : residual;
                worst = residual > worst ? residual : worst;
            }

            WorstResidual = worst;
        }

        /// <summary>a: reference watts per device watt.</summary>
        public double Slope { get; private set; }

        /// <summary>b: the reference's power at a device reading of 0, in milliwatts.</summary>
        public double InterceptMilliwatts { get; private set; }

        /// <summary>The new <c>gain_ppm</c>, rounded half away from zero.</summary>
        public long GainPpm { get; private set; }

        /// <summary>The new <c>offset_mw</c>, rounded half away from zero.</summary>
        public long OffsetMilliwatts { get; private set; }

        /// <summary>The largest |a x + b - y| / y over the points, as a fraction (0.01 is 1 %).</summary>
        public double WorstResidual { get; private set; }

        /// <summary>Whether both values lie inside the contract's ranges, so a config carrying them is accepted.</summary>
        public bool FitsContract
        {
            get
            {
                return GainPpm >= ChannelConfigFields.GainPpm.Min && GainPpm <= ChannelConfigFields.GainPpm.Max
                    && OffsetMilliwatts >= ChannelConfigFields.OffsetMw.Min && OffsetMilliwatts <= ChannelConfigFields.OffsetMw.Max;
            }
        }

        /// <summary>Whether gain and offset lie inside the plausible band (calibration.md, "Plausibility").</summary>
        public bool Plausible
        {
            get
            {
                return GainPpm >= PlausibleMinGainPpm && GainPpm <= PlausibleMaxGainPpm
                    && OffsetMilliwatts >= -PlausibleMaxOffsetMilliwatts && OffsetMilliwatts <= PlausibleMaxOffsetMilliwatts;
            }
        }

        private static double Mean(long[] values)
        {
            double sum = 0;
            for (int i = 0; i < values.Length; i++)
            {
                sum += values[i];
            }

            return sum / values.Length;
        }

        private static long RoundHalfAwayFromZero(double value)
        {
            // No System.Math on the device's mscorlib: round by hand.
            return value >= 0 ? (long)(value + 0.5) : -(long)(-value + 0.5);
        }
    }
}
