namespace Metering.Firmware.Core.Persistence
{
    /// <summary>Integrity check of saved blobs.</summary>
    internal static class Checksum
    {
        /// <summary>CRC-16/MODBUS (init 0xFFFF, reflected polynomial 0xA001) of <paramref name="count"/> bytes.</summary>
        public static ushort Crc16(byte[] data, int offset, int count)
        {
            int crc = 0xFFFF;
            for (int i = offset; i < offset + count; i++)
            {
                crc ^= data[i];
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1;
                }
            }

            return (ushort)crc;
        }
    }
}
