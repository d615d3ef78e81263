using System;
using Metering.Protocol;

namespace Metering.Firmware.Core.Drivers.Ina219
{
    /// <summary>ADC timing and the mapping from the wire contract's <c>adc_avg</c> to a BADC/SADC setting.</summary>
    public static class Ina219Adc
    {
        // SBOS448 §8.6.2.1, "ADC Settings": codes 0..3 (and their aliases 4..7) are single 9..12-bit conversions; codes
        // 8..15 average 1..128 12-bit conversions, whose times the contract's rate rule uses too (Ina219Timing).
        private static readonly int[] SingleMicroseconds = new int[] { 84, 148, 276, 532 };

        /// <summary>
        /// Conversion time in microseconds of one BADC or SADC field value (0..15, including the datasheet's aliases).
        /// In shunt-and-bus modes one conversion cycle takes the shunt time plus the bus time.
        /// </summary>
        public static int ConversionMicroseconds(Ina219AdcSetting setting)
        {
            int code = (int)setting;
            if (code < 0 || code > 15)
            {
                throw new ArgumentOutOfRangeException(nameof(setting), "an ADC field is 4 bits (0..15)");
            }

            return (code & 0x8) == 0 ? SingleMicroseconds[code & 0x3] : Ina219Timing.AveragedConversionMicroseconds(1 << (code & 0x7));
        }

        /// <summary>
        /// The setting that averages <paramref name="samples"/> 12-bit conversions: 1 gives a single 12-bit conversion,
        /// 2..128 (powers of two) the averaging codes. This is the contract's <c>adc_avg</c>.
        /// </summary>
        public static Ina219AdcSetting FromAverageCount(int samples)
        {
            if (samples == 1)
            {
                return Ina219AdcSetting.Bits12;
            }

            int code = 0x9;
            for (int n = 2; n <= 128; n <<= 1)
            {
                if (n == samples)
                {
                    return (Ina219AdcSetting)code;
                }

                code++;
            }

            throw new ArgumentOutOfRangeException(nameof(samples), "adc averaging must be 1, 2, 4, 8, 16, 32, 64 or 128 samples");
        }

        /// <summary>True for the eleven named settings (codes 0-3 and 9-15); false for aliases and anything else.</summary>
        public static bool IsNamed(Ina219AdcSetting setting)
        {
            int code = (int)setting;
            return (code >= 0 && code <= 3) || (code >= 9 && code <= 15);
        }
    }
}
