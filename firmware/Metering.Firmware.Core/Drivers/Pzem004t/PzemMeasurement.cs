namespace Metering.Firmware.Core.Drivers.Pzem004t
{
    /// <summary>
    /// The ten input registers of one PZEM-004T read, in the meter's own integer units. Owned by the caller and reused
    /// from read to read, so a measurement allocates nothing. <see cref="PzemClient.ReadMeasurements"/> writes it only
    /// when the read succeeds; after a failure it keeps the previous values.
    /// </summary>
    public sealed class PzemMeasurement
    {
        /// <summary>RMS voltage in 0.1 V (register 0x0000).</summary>
        public int VoltageDecivolts;

        /// <summary>RMS current in milliamps (registers 0x0001-0x0002, 32-bit, low word first).</summary>
        public long CurrentMilliamps;

        /// <summary>Active power in 0.1 W (registers 0x0003-0x0004, 32-bit, low word first).</summary>
        public long PowerDeciwatts;

        /// <summary>The meter's energy register in watt-hours (0x0005-0x0006); it only falls when reset.</summary>
        public long EnergyWattHours;

        /// <summary>Line frequency in 0.1 Hz (register 0x0007).</summary>
        public int FrequencyDecihertz;

        /// <summary>Power factor in hundredths (register 0x0008): 100 is 1.00.</summary>
        public int PowerFactorHundredths;

        /// <summary>True while the meter's power alarm is on (register 0x0009 non-zero; the manual's value is 0xFFFF).</summary>
        public bool Alarm;

        /// <summary>Decodes the 20 data bytes of a measurement reply, which start at <paramref name="dataOffset"/>.</summary>
        internal void Decode(byte[] reply, int dataOffset)
        {
            VoltageDecivolts = PzemRegisters.ReadWord(reply, dataOffset + (2 * PzemRegisters.VoltageRegister));
            CurrentMilliamps = PzemRegisters.ReadLowWordFirst(reply, dataOffset + (2 * PzemRegisters.CurrentLowRegister));
            PowerDeciwatts = PzemRegisters.ReadLowWordFirst(reply, dataOffset + (2 * PzemRegisters.PowerLowRegister));
            EnergyWattHours = PzemRegisters.ReadLowWordFirst(reply, dataOffset + (2 * PzemRegisters.EnergyLowRegister));
            FrequencyDecihertz = PzemRegisters.ReadWord(reply, dataOffset + (2 * PzemRegisters.FrequencyRegister));
            PowerFactorHundredths = PzemRegisters.ReadWord(reply, dataOffset + (2 * PzemRegisters.PowerFactorRegister));
            Alarm = PzemRegisters.ReadWord(reply, dataOffset + (2 * PzemRegisters.AlarmRegister)) != PzemRegisters.AlarmOff;
        }
    }
}
