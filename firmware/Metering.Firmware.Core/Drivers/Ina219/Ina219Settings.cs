namespace Metering.Firmware.Core.Drivers.Ina219
{
    /// <summary>BRNG, the bus voltage full-scale range (SBOS448 §8.6.2.1). The pin itself never takes more than 26 V.</summary>
    public enum Ina219BusRange
    {
        /// <summary>0-16 V (BRNG = 0).</summary>
        Volts16 = 0,

        /// <summary>0-32 V (BRNG = 1, power-on value); still at most 26 V on the pin.</summary>
        Volts32 = 1,
    }

    /// <summary>PG, the shunt PGA: the shunt voltage range before the register saturates (SBOS448 §8.6.2.1, "PG Bit Settings").</summary>
    public enum Ina219Gain
    {
        /// <summary>Gain 1, ±40 mV.</summary>
        Millivolts40 = 0,

        /// <summary>Gain ÷2, ±80 mV.</summary>
        Millivolts80 = 1,

        /// <summary>Gain ÷4, ±160 mV.</summary>
        Millivolts160 = 2,

        /// <summary>Gain ÷8, ±320 mV (power-on value).</summary>
        Millivolts320 = 3,
    }

    /// <summary>
    /// BADC/SADC field values: one conversion at 9 to 12 bits, or the average of 2 to 128 12-bit conversions (SBOS448
    /// §8.6.2.1, "ADC Settings"). Codes 4-7 repeat 0-3 and code 8 repeats 12-bit; see <see cref="Ina219Adc"/> for times.
    /// </summary>
    public enum Ina219AdcSetting
    {
        /// <summary>9-bit, 84 µs.</summary>
        Bits9 = 0x0,

        /// <summary>10-bit, 148 µs.</summary>
        Bits10 = 0x1,

        /// <summary>11-bit, 276 µs.</summary>
        Bits11 = 0x2,

        /// <summary>12-bit, 532 µs (power-on value).</summary>
        Bits12 = 0x3,

        /// <summary>2 x 12-bit averaged, 1.06 ms.</summary>
        Average2 = 0x9,

        /// <summary>4 x 12-bit averaged, 2.13 ms.</summary>
        Average4 = 0xA,

        /// <summary>8 x 12-bit averaged, 4.26 ms.</summary>
        Average8 = 0xB,

        /// <summary>16 x 12-bit averaged, 8.51 ms.</summary>
        Average16 = 0xC,

        /// <summary>32 x 12-bit averaged, 17.02 ms.</summary>
        Average32 = 0xD,

        /// <summary>64 x 12-bit averaged, 34.05 ms.</summary>
        Average64 = 0xE,

        /// <summary>128 x 12-bit averaged, 68.10 ms.</summary>
        Average128 = 0xF,
    }

    /// <summary>MODE, the operating mode (SBOS448 §8.6.2.1, "Mode Settings").</summary>
    public enum Ina219Mode
    {
        /// <summary>Power-down.</summary>
        PowerDown = 0,

        /// <summary>One shunt conversion per mode write.</summary>
        ShuntTriggered = 1,

        /// <summary>One bus conversion per mode write.</summary>
        BusTriggered = 2,

        /// <summary>One shunt and one bus conversion per mode write.</summary>
        ShuntAndBusTriggered = 3,

        /// <summary>ADC off (disabled).</summary>
        AdcOff = 4,

        /// <summary>Shunt conversions, continuously.</summary>
        ShuntContinuous = 5,

        /// <summary>Bus conversions, continuously.</summary>
        BusContinuous = 6,

        /// <summary>Shunt then bus conversions, continuously (power-on value; the sensor needs this mode).</summary>
        ShuntAndBusContinuous = 7,
    }

    /// <summary>
    /// Outcome of a driver read that can carry more than a bus outcome. Values 0-3 equal <see cref="BusStatus"/>'s.
    /// </summary>
    public enum Ina219Status
    {
        /// <summary>A new conversion was read.</summary>
        Ok = 0,

        /// <summary>The device did not acknowledge.</summary>
        NoAcknowledge = 1,

        /// <summary>A transfer was cut short.</summary>
        PartialTransfer = 2,

        /// <summary>Any other bus failure.</summary>
        BusError = 3,

        /// <summary>CNVR clear: no conversion completed since the power register was last read (the value is the previous one).</summary>
        NotReady = 4,

        /// <summary>OVF set: the conversion's current and power are meaningless (the bus voltage itself is valid).</summary>
        Overflow = 5,
    }
}
