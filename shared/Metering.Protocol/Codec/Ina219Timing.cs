namespace Metering.Protocol
{
    /// <summary>
    /// How long an INA219 takes to produce a fresh reading (TI SBOS448 §8.6.2.1, "ADC Settings"), for the config rule
    /// that a channel's sampling period is at least one conversion cycle. In shunt-and-bus continuous mode the chip
    /// converts the shunt (<c>adc_avg</c> 12-bit conversions averaged), then the bus, and only then sets CNVR; the
    /// firmware converts the bus once at 12 bits (<see cref="BusConversionMicroseconds"/>).
    /// </summary>
    public static class Ina219Timing
    {
        /// <summary>One 12-bit bus conversion, the firmware's bus ADC setting, in microseconds.</summary>
        public const int BusConversionMicroseconds = 532;

        // Averages of 1, 2, 4, ... 128 12-bit conversions, in microseconds (the datasheet's 0.532, 1.06, 2.13, 4.26, 8.51,
        // 17.02, 34.05 and 68.10 ms).
        private static readonly int[] AveragedMicroseconds = new int[] { 532, 1060, 2130, 4260, 8510, 17020, 34050, 68100 };

        /// <summary>Conversion time of <paramref name="adcAverage"/> averaged 12-bit conversions (1, 2, 4, ... 128), in microseconds.</summary>
        public static int AveragedConversionMicroseconds(int adcAverage)
        {
            for (int i = 0; i < AveragedMicroseconds.Length; i++)
            {
                if (adcAverage == 1 << i)
                {
                    return AveragedMicroseconds[i];
                }
            }

            throw new System.ArgumentOutOfRangeException("adcAverage", "adc averaging is 1, 2, 4, 8, 16, 32, 64 or 128");
        }

        /// <summary>One conversion cycle (shunt averaged <paramref name="adcAverage"/> times, then the bus once), in microseconds.</summary>
        public static int CycleMicroseconds(int adcAverage)
        {
            return AveragedConversionMicroseconds(adcAverage) + BusConversionMicroseconds;
        }

        /// <summary>The fastest rate, in Hz, at which every read finds a new conversion.</summary>
        public static int MaxRateHz(int adcAverage)
        {
            return 1000000 / CycleMicroseconds(adcAverage);
        }
    }
}
