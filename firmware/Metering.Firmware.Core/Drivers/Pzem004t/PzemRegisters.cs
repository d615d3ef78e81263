namespace Metering.Firmware.Core.Drivers.Pzem004t
{
    /// <summary>
    /// The PZEM-004T v3.0 Modbus-RTU map, from the Peacefair user manual's communication protocol section (function
    /// codes, input and holding register tables, error reply) as summarised in README.md. Registers are 16-bit words
    /// sent most significant byte first; a 32-bit value takes two registers, LOW WORD FIRST.
    /// </summary>
    public static class PzemRegisters
    {
        // ---- Function codes (manual: "function code" table). ----

        /// <summary>0x03: read holding registers (alarm threshold, slave address).</summary>
        public const byte ReadHoldingRegisters = 0x03;
        /// <summary>0x04: read input registers (the measurements).</summary>
        public const byte ReadInputRegisters = 0x04;
        /// <summary>0x06: write one holding register; the meter answers with an echo of the request.</summary>
        public const byte WriteSingleRegister = 0x06;
        /// <summary>0x42: reset the energy register; the meter answers with an echo of the request.</summary>
        public const byte ResetEnergy = 0x42;
        /// <summary>Set in the function byte of an error reply (<c>addr fc|0x80 code crc</c>).</summary>
        public const byte ExceptionFlag = 0x80;
        // 0x41 (factory calibration, address 0xF8, password 0x3721) has deliberately no constant: this driver never sends it.

        // ---- Slave addresses (manual: "address" range). ----

        /// <summary>0x00: broadcast; meters act on writes and never reply.</summary>
        public const byte BroadcastAddress = 0x00;
        /// <summary>Lowest individual address.</summary>
        public const byte MinAddress = 0x01;
        /// <summary>Highest individual address.</summary>
        public const byte MaxAddress = 0xF7;
        /// <summary>0xF8: the general address every meter answers; usable only while one meter is on the bus.</summary>
        public const byte GeneralAddress = 0xF8;
        /// <summary>The address meters are taken to leave the factory with (the maintained drivers assume 0x01).</summary>
        public const byte FactoryAddress = 0x01;

        // ---- Input registers, function 0x04 (manual: "measurement result" table). ----

        /// <summary>Voltage, 0.1 V per count.</summary>
        public const ushort VoltageRegister = 0x0000;
        /// <summary>Current low word; high word at 0x0002. 32-bit, 0.001 A per count.</summary>
        public const ushort CurrentLowRegister = 0x0001;
        /// <summary>Active power low word; high word at 0x0004. 32-bit, 0.1 W per count.</summary>
        public const ushort PowerLowRegister = 0x0003;
        /// <summary>Active energy low word; high word at 0x0006. 32-bit, 1 Wh per count; survives power cuts.</summary>
        public const ushort EnergyLowRegister = 0x0005;
        /// <summary>Frequency, 0.1 Hz per count.</summary>
        public const ushort FrequencyRegister = 0x0007;
        /// <summary>Power factor, 0.01 per count.</summary>
        public const ushort PowerFactorRegister = 0x0008;
        /// <summary>Power alarm: <see cref="AlarmOn"/> when power exceeds the threshold, <see cref="AlarmOff"/> otherwise.</summary>
        public const ushort AlarmRegister = 0x0009;
        /// <summary>Number of input registers, 0x0000-0x0009, read in one request.</summary>
        public const ushort InputRegisterCount = 10;
        /// <summary>Alarm register value while the alarm is on.</summary>
        public const ushort AlarmOn = 0xFFFF;
        /// <summary>Alarm register value while the alarm is off.</summary>
        public const ushort AlarmOff = 0x0000;

        // ---- Holding registers, functions 0x03 and 0x06 (manual: "parameter" table). ----

        /// <summary>Power alarm threshold, 1 W per count.</summary>
        public const ushort AlarmThresholdRegister = 0x0001;
        /// <summary>Slave address, 0x0001-0x00F7.</summary>
        public const ushort SlaveAddressRegister = 0x0002;

        // ---- Exception codes (manual: "error reply"). ----

        /// <summary>1: the meter does not implement the function.</summary>
        public const byte IllegalFunction = 0x01;
        /// <summary>2: the register address is outside the map.</summary>
        public const byte IllegalAddress = 0x02;
        /// <summary>3: the value or register count is out of range.</summary>
        public const byte IllegalData = 0x03;
        /// <summary>4: the meter failed internally.</summary>
        public const byte SlaveError = 0x04;

        // ---- Frame lengths in bytes, CRC included. ----

        /// <summary>Read or write request: address, function, register (2), count or value (2), CRC (2).</summary>
        public const int RequestLength = 8;
        /// <summary>Byte count of a full measurement reply: 10 registers x 2 bytes.</summary>
        public const byte MeasurementByteCount = 0x14;
        /// <summary>Measurement reply: address, function, byte count, 20 data bytes, CRC (2).</summary>
        public const int MeasurementReplyLength = 25;
        /// <summary>Error reply: address, function | 0x80, code, CRC (2).</summary>
        public const int ExceptionReplyLength = 5;
        /// <summary>Reset-energy request and its echo: address, 0x42, CRC (2).</summary>
        public const int ResetEnergyLength = 4;

        /// <summary>The 16-bit word at <paramref name="offset"/>, most significant byte first.</summary>
        public static int ReadWord(byte[] buffer, int offset)
        {
            return (buffer[offset] << 8) | buffer[offset + 1];
        }

        /// <summary>
        /// The unsigned 32-bit value of the two words at <paramref name="offset"/>: LOW word first, each word most
        /// significant byte first. Example: current 70 000 mA = 0x00011170 arrives as <c>11 70 00 01</c>.
        /// </summary>
        public static long ReadLowWordFirst(byte[] buffer, int offset)
        {
            long low = ReadWord(buffer, offset);
            long high = ReadWord(buffer, offset + 2);
            return (high << 16) | low;
        }

        /// <summary>True for an address one meter can own (0x01-0xF7).</summary>
        public static bool IsIndividualAddress(int address)
        {
            return address >= MinAddress && address <= MaxAddress;
        }
    }
}
