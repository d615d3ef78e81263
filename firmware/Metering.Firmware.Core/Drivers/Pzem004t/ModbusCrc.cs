namespace Metering.Firmware.Core.Drivers.Pzem004t
{
    /// <summary>
    /// CRC-16/MODBUS: initial value 0xFFFF, reflected polynomial 0xA001, no final XOR. Every Modbus-RTU frame ends
    /// with the CRC of all bytes before it, LOW byte first (the PZEM manual's "high byte then low byte" wording is
    /// misleading; the maintained drivers and the manual's own example frames send the low byte first).
    /// Bitwise and table-free: a 25-byte reply costs 200 shift steps, and no static table sits in the device heap.
    /// </summary>
    public static class ModbusCrc
    {
        /// <summary>The register's value before the first byte.</summary>
        public const int Initial = 0xFFFF;

        /// <summary>The polynomial 0x8005, bit-reversed for the LSB-first shift.</summary>
        public const int ReflectedPolynomial = 0xA001;

        /// <summary>The CRC of <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public static ushort Compute(byte[] buffer, int offset, int count)
        {
            int crc = Initial;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                crc ^= buffer[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    if ((crc & 1) != 0)
                    {
                        crc = (crc >> 1) ^ ReflectedPolynomial;
                    }
                    else
                    {
                        crc >>= 1;
                    }
                }
            }

            return (ushort)crc;
        }

        /// <summary>
        /// Writes the CRC of the first <paramref name="length"/> bytes of <paramref name="frame"/> after them (low byte
        /// at <c>frame[length]</c>, high byte at <c>frame[length + 1]</c>) and returns the frame's full length.
        /// </summary>
        public static int Append(byte[] frame, int length)
        {
            ushort crc = Compute(frame, 0, length);
            frame[length] = (byte)(crc & 0xFF);
            frame[length + 1] = (byte)(crc >> 8);
            return length + 2;
        }

        /// <summary>
        /// True when the last two of <paramref name="length"/> bytes from <paramref name="offset"/> are the CRC (low
        /// byte first) of the bytes before them. False for frames shorter than three bytes.
        /// </summary>
        public static bool IsValid(byte[] frame, int offset, int length)
        {
            if (length < 3)
            {
                return false;
            }

            ushort crc = Compute(frame, offset, length - 2);
            return frame[offset + length - 2] == (byte)(crc & 0xFF) && frame[offset + length - 1] == (byte)(crc >> 8);
        }
    }
}
