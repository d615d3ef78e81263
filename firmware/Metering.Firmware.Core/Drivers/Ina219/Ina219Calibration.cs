using System;

namespace Metering.Firmware.Core.Drivers.Ina219
{
    /// <summary>
    /// The INA219's calibration arithmetic (SBOS448 §8.5.1), in integers: from the shunt resistance and the largest
    /// expected current to the PGA range, Current_LSB, Power_LSB and the calibration register value. Pure; see README.md.
    /// </summary>
    public sealed class Ina219Calibration
    {
        /// <summary>Smallest shunt accepted, in micro-ohms (the contract's <c>shunt_uohm</c> range).</summary>
        public const int MinShuntMicroohms = 100;

        /// <summary>Largest shunt accepted, in micro-ohms (10 Ω).</summary>
        public const int MaxShuntMicroohms = 10000000;

        /// <summary>Smallest maximum current accepted, in milliamps (the contract's <c>max_ma</c> range).</summary>
        public const int MinCurrentMilliamps = 1;

        /// <summary>Largest maximum current accepted, in milliamps (1000 A).</summary>
        public const int MaxCurrentMilliampsLimit = 1000000;

        /// <summary>Largest calibration value: bit 0 is void (§8.6.4.1), so 0xFFFE.</summary>
        public const int MaxCalibration = 0xFFFE;

        // 0.04096 / (Current_LSB[A] x R[Ω]) = 0.04096e15 / (Current_LSB[nA] x R[µΩ]).
        private const long CalibrationNumerator = 40960000000000;

        // One current count in µA is 0.04096 / (Cal x R[Ω]) x 10^6 = 40,960,000,000 / (Cal x R[µΩ]).
        private const long CountMicroampsNumerator = 40960000000;

        // 2^15: the current register is signed 16-bit, so max current / 2^15 is the smallest LSB that covers it.
        private const long CurrentCounts = 32768;

        /// <summary>Validates the hardware and computes the calibration. Throws naming the parameter at fault.</summary>
        /// <param name="shuntMicroohms">Shunt resistance in µΩ, 100..10,000,000.</param>
        /// <param name="maxCurrentMilliamps">Largest expected current in mA, 1..1,000,000; the drop across the shunt must stay within 320 mV.</param>
        public Ina219Calibration(int shuntMicroohms, int maxCurrentMilliamps)
        {
            if (shuntMicroohms < MinShuntMicroohms || shuntMicroohms > MaxShuntMicroohms)
            {
                throw new ArgumentOutOfRangeException(nameof(shuntMicroohms), "shunt resistance must be 100..10000000 uOhm");
            }

            if (maxCurrentMilliamps < MinCurrentMilliamps || maxCurrentMilliamps > MaxCurrentMilliampsLimit)
            {
                throw new ArgumentOutOfRangeException(nameof(maxCurrentMilliamps), "maximum current must be 1..1000000 mA");
            }

            // mA x µΩ = nV.
            long dropNanovolts = (long)maxCurrentMilliamps * shuntMicroohms;
            if (dropNanovolts > FullScaleMicrovolts(Ina219Gain.Millivolts320) * 1000L)
            {
                throw new ArgumentOutOfRangeException(nameof(maxCurrentMilliamps),
                    "maximum current x shunt = " + (dropNanovolts / 1000).ToString() + " uV exceeds the 320 mV shunt range; use a smaller shunt");
            }

            Gain = Ina219Gain.Millivolts320;
            for (int g = 0; g < 4; g++)
            {
                if (dropNanovolts <= FullScaleMicrovolts((Ina219Gain)g) * 1000L)
                {
                    Gain = (Ina219Gain)g;
                    break;
                }
            }

            long minimumLsb = (((long)maxCurrentMilliamps * 1000000) + CurrentCounts - 1) / CurrentCounts;
            CurrentLsbNanoamps = RoundUpToOneTwoFive(minimumLsb);
            PowerLsbMicrowatts = CurrentLsbNanoamps * 20 / 1000;

            long calibration = CalibrationNumerator / (CurrentLsbNanoamps * shuntMicroohms);
            if (calibration > MaxCalibration)
            {
                throw new ArgumentOutOfRangeException(nameof(maxCurrentMilliamps),
                    "calibration " + calibration.ToString() + " exceeds 65534: the drop at maximum current (" + (dropNanovolts / 1000).ToString()
                    + " uV) is too small to use the current register; raise maxCurrentMilliamps or use a larger shunt");
            }

            calibration &= Ina219Registers.CalibrationMask;
            if (calibration == 0)
            {
                // Unreachable within the validated ranges (the calibration is at least 1676); kept as a guard.
                throw new ArgumentOutOfRangeException(nameof(shuntMicroohms), "calibration would be 0: shunt x current LSB too large");
            }

            ShuntMicroohms = shuntMicroohms;
            MaxCurrentMilliamps = maxCurrentMilliamps;
            CalibrationValue = (ushort)calibration;
            _countDenominator = calibration * shuntMicroohms;
        }

        // Cal x R[µΩ] of the register as written: below 65,535 x 10^7, so it and the products below fit 64 bits.
        private readonly long _countDenominator;

        /// <summary>Shunt resistance in micro-ohms.</summary>
        public int ShuntMicroohms { get; private set; }

        /// <summary>Largest expected current in milliamps.</summary>
        public int MaxCurrentMilliamps { get; private set; }

        /// <summary>The smallest PGA range that holds maximum current x shunt.</summary>
        public Ina219Gain Gain { get; private set; }

        /// <summary>
        /// The nominal Current_LSB in nanoamps: max current / 2^15 rounded up to the next 1, 2 or 5 x 10^n nA. The
        /// calibration is computed from it; readings are converted with the effective LSB (<see cref="CurrentMicroamps"/>).
        /// </summary>
        public long CurrentLsbNanoamps { get; private set; }

        /// <summary>Power_LSB in microwatts: 20 x Current_LSB (exact: Current_LSB is a multiple of 50 nA).</summary>
        public long PowerLsbMicrowatts { get; private set; }

        /// <summary>The calibration register value: trunc(0.04096 / (Current_LSB x R_shunt)) with bit 0 cleared.</summary>
        public ushort CalibrationValue { get; private set; }

        /// <summary>
        /// The current of a Current register <paramref name="count"/>, in microamps, truncated toward zero. The device
        /// computes Current = Shunt x Cal / 4096 with the Cal it holds (truncated, bit 0 cleared), so one count is the
        /// effective LSB 0.04096 / (Cal x R), not the nominal <see cref="CurrentLsbNanoamps"/>: converting with the
        /// nominal one would read low by up to 2 / Cal (0.1 %).
        /// </summary>
        public long CurrentMicroamps(short count)
        {
            return count * CountMicroampsNumerator / _countDenominator;
        }

        /// <summary>The power of a Power register <paramref name="count"/>, in microwatts: count x 20 x the effective current LSB, truncated.</summary>
        public long PowerMicrowatts(ushort count)
        {
            return count * 20 * CountMicroampsNumerator / _countDenominator;
        }

        /// <summary>The PGA's full-scale shunt voltage in microvolts: 40,000 x 2^gain.</summary>
        public static int FullScaleMicrovolts(Ina219Gain gain)
        {
            return 40000 << ((int)gain & 0x3);
        }

        /// <summary>The smallest value of the form 1, 2 or 5 x 10^n that is at least <paramref name="value"/> (value ≥ 1).</summary>
        public static long RoundUpToOneTwoFive(long value)
        {
            for (long decade = 1; ; decade *= 10)
            {
                if (value <= decade) return decade;
                if (value <= 2 * decade) return 2 * decade;
                if (value <= 5 * decade) return 5 * decade;
            }
        }
    }
}
