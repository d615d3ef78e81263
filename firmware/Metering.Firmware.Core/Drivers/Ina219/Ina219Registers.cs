namespace Metering.Firmware.Core.Drivers.Ina219
{
    /// <summary>
    /// The INA219 register map: pointer addresses, bit masks and shifts. Section numbers refer to the TI datasheet
    /// SBOS448G (Dec 2015), https://www.ti.com/lit/ds/symlink/ina219.pdf. Registers are 16 bits, most significant byte
    /// first (§8.5.6).
    /// </summary>
    public static class Ina219Registers
    {
        /// <summary>Configuration register, read/write, power-on 0x399F (§8.6.2.1, table "Summary of Register Set").</summary>
        public const byte Configuration = 0x00;

        /// <summary>Shunt voltage, read-only, signed two's complement, 10 µV per count at every PGA setting (§8.6.3.1).</summary>
        public const byte ShuntVoltage = 0x01;

        /// <summary>Bus voltage, read-only: value in bits 15:3 at 4 mV, CNVR in bit 1, OVF in bit 0 (§8.6.3.2).</summary>
        public const byte BusVoltage = 0x02;

        /// <summary>Power, read-only, unsigned, Power_LSB per count; reading it clears CNVR (§8.6.3.3, §8.6.3.2).</summary>
        public const byte Power = 0x03;

        /// <summary>Current, read-only, signed two's complement, Current_LSB per count (§8.6.3.4).</summary>
        public const byte Current = 0x04;

        /// <summary>Calibration, read/write, power-on 0; bit 0 (FS0) is void and always reads 0 (§8.6.4.1).</summary>
        public const byte Calibration = 0x05;

        /// <summary>Configuration value after power-on or reset: 32 V, ÷8 (320 mV), 12-bit bus and shunt, shunt and bus continuous (§8.6.2.1).</summary>
        public const ushort PowerOnConfiguration = 0x399F;

        /// <summary>RST, configuration bit 15: writing 1 resets every register to its power-on value; self-clears (§8.6.2.1).</summary>
        public const ushort ResetBit = 0x8000;

        /// <summary>BRNG, configuration bit 13: 0 = 16 V, 1 = 32 V full-scale range (§8.6.2.1).</summary>
        public const ushort BusRangeMask = 0x2000;

        /// <summary>Position of BRNG.</summary>
        public const int BusRangeShift = 13;

        /// <summary>PG, configuration bits 12:11: shunt PGA ÷1/÷2/÷4/÷8 (§8.6.2.1, table "PG Bit Settings").</summary>
        public const ushort GainMask = 0x1800;

        /// <summary>Position of PG.</summary>
        public const int GainShift = 11;

        /// <summary>BADC, configuration bits 10:7: bus ADC resolution or averaging (§8.6.2.1, table "ADC Settings").</summary>
        public const ushort BusAdcMask = 0x0780;

        /// <summary>Position of BADC.</summary>
        public const int BusAdcShift = 7;

        /// <summary>SADC, configuration bits 6:3: shunt ADC resolution or averaging (§8.6.2.1, table "ADC Settings").</summary>
        public const ushort ShuntAdcMask = 0x0078;

        /// <summary>Position of SADC.</summary>
        public const int ShuntAdcShift = 3;

        /// <summary>MODE, configuration bits 2:0 (§8.6.2.1, table "Mode Settings").</summary>
        public const ushort ModeMask = 0x0007;

        /// <summary>Position of MODE.</summary>
        public const int ModeShift = 0;

        /// <summary>Bus voltage register bits 15:3 (BD12..BD0), the conversion result (§8.6.3.2).</summary>
        public const ushort BusVoltageValueMask = 0xFFF8;

        /// <summary>Position of the bus voltage value.</summary>
        public const int BusVoltageValueShift = 3;

        /// <summary>CNVR, bus voltage bit 1: a conversion completed since the power register was last read or the mode was written (§8.6.3.2).</summary>
        public const ushort ConversionReadyBit = 0x0002;

        /// <summary>OVF, bus voltage bit 0: the current or power calculation overflowed; current and power are meaningless (§8.6.3.2).</summary>
        public const ushort MathOverflowBit = 0x0001;

        /// <summary>Bus voltage LSB: 4 mV (§8.6.3.2).</summary>
        public const int BusVoltageLsbMillivolts = 4;

        /// <summary>Shunt voltage LSB: 10 µV (§8.6.3.1).</summary>
        public const int ShuntVoltageLsbMicrovolts = 10;

        /// <summary>Bit 0 of the calibration register cannot hold a 1 (§8.6.4.1): the value written keeps bits 15:1.</summary>
        public const ushort CalibrationMask = 0xFFFE;

        /// <summary>Full-scale bus voltage count on the 16 V range: 4000 x 4 mV (§8.6.3.2).</summary>
        public const int BusFullScaleCount16Volts = 4000;

        /// <summary>Full-scale bus voltage count on the 32 V range: 8000 x 4 mV (§8.6.3.2).</summary>
        public const int BusFullScaleCount32Volts = 8000;

        /// <summary>Shunt full-scale count at ÷1 (±40 mV = ±4000 x 10 µV); each PGA step doubles it (§8.6.3.1).</summary>
        public const int ShuntFullScaleCountGain1 = 4000;

        /// <summary>The divisor in Current = ShuntVoltage x Calibration / 4096 (§8.5.1, §8.6.3.4).</summary>
        public const int CurrentDivisor = 4096;

        /// <summary>The divisor in Power = Current x BusVoltage / 5000, both in register counts (§8.5.1, §8.6.3.3).</summary>
        public const int PowerDivisor = 5000;
    }
}
