using Metering.Firmware.Core.Drivers.Pzem004t;
using Metering.Protocol;

namespace Metering.Firmware.Core.Persistence
{
    /// <summary>
    /// The binary form of <see cref="SavedState"/> in flash: "MTRS", format 2, boot (u32), reset reason (u8),
    /// channel count (u8), incarnation (i64), 72 bytes per channel, and a CRC-16/MODBUS over everything before it.
    /// Little-endian. A blob with a wrong magic, format, length or CRC is refused: the device starts fresh epochs
    /// under a new incarnation. Format 1 (no incarnation, no lineage; never deployed) is refused the same way.
    /// </summary>
    public static class StateCodec
    {
        /// <summary>Format version written.</summary>
        public const int Format = 2;
        private const int HeaderBytes = 19;
        private const int ChannelBytes = 72;
        private const int LineageAcknowledgedFlag = 0x01;

        /// <summary>Bytes needed for <paramref name="channels"/> channels.</summary>
        public static int Size(int channels)
        {
            return HeaderBytes + (channels * ChannelBytes) + 2;
        }

        /// <summary>Writes <paramref name="state"/> into <paramref name="buffer"/>; returns the byte count.</summary>
        public static int Encode(SavedState state, byte[] buffer)
        {
            int p = 0;
            buffer[p++] = (byte)'M';
            buffer[p++] = (byte)'T';
            buffer[p++] = (byte)'R';
            buffer[p++] = (byte)'S';
            buffer[p++] = Format;
            p = Put(buffer, p, state.Boot, 4);
            buffer[p++] = (byte)state.ResetReason;
            buffer[p++] = (byte)state.Channels.Length;
            p = Put(buffer, p, state.Incarnation, 8);
            for (int i = 0; i < state.Channels.Length; i++)
            {
                SavedChannel c = state.Channels[i];
                buffer[p++] = (byte)c.ChannelId;
                buffer[p++] = (byte)c.Kind;
                buffer[p++] = (byte)c.Address;
                buffer[p++] = (byte)(c.LineageAcknowledged ? LineageAcknowledgedFlag : 0);
                p = Put(buffer, p, c.Epoch, 8);
                p = Put(buffer, p, c.Millijoules, 8);
                p = Put(buffer, p, c.RemainderNanojoules, 4);
                p = Put(buffer, p, c.AnchorMillijoules, 8);
                p = Put(buffer, p, c.AnchorWattHours, 8);
                p = Put(buffer, p, c.LastWattHours, 8);
                p = Put(buffer, p, c.OffsetMillijoules, 8);
                p = Put(buffer, p, c.PreviousEpoch, 8);
                p = Put(buffer, p, c.PreviousMillijoules, 8);
            }

            ushort crc = ModbusCrc.Compute(buffer, 0, p);
            buffer[p++] = (byte)crc;
            buffer[p++] = (byte)(crc >> 8);
            return p;
        }

        /// <summary>Reads a saved state; null when the blob is absent, truncated, of another format or corrupt.</summary>
        public static SavedState Decode(byte[] data)
        {
            if (data == null || data.Length < Size(0) || data[0] != 'M' || data[1] != 'T' || data[2] != 'R' || data[3] != 'S' || data[4] != Format)
            {
                return null;
            }

            int channels = data[10];
            int length = Size(channels);
            if (data.Length < length || ModbusCrc.Compute(data, 0, length - 2) != (ushort)(data[length - 2] | (data[length - 1] << 8)))
            {
                return null;
            }

            var state = new SavedState();
            state.Boot = Get(data, 5, 4);
            state.ResetReason = data[9];
            state.Incarnation = Get(data, 11, 8);
            state.Channels = new SavedChannel[channels];
            int p = HeaderBytes;
            for (int i = 0; i < channels; i++)
            {
                var c = new SavedChannel();
                c.ChannelId = data[p];
                c.Kind = (SensorKind)data[p + 1];
                c.Address = data[p + 2];
                c.LineageAcknowledged = (data[p + 3] & LineageAcknowledgedFlag) != 0;
                c.Epoch = Get(data, p + 4, 8);
                c.Millijoules = Get(data, p + 12, 8);
                c.RemainderNanojoules = Get(data, p + 20, 4);
                c.AnchorMillijoules = Get(data, p + 24, 8);
                c.AnchorWattHours = Get(data, p + 32, 8);
                c.LastWattHours = Get(data, p + 40, 8);
                c.OffsetMillijoules = Get(data, p + 48, 8);
                c.PreviousEpoch = Get(data, p + 56, 8);
                c.PreviousMillijoules = Get(data, p + 64, 8);
                state.Channels[i] = c;
                p += ChannelBytes;
            }

            return state;
        }

        private static int Put(byte[] b, int p, long v, int bytes)
        {
            for (int i = 0; i < bytes; i++)
            {
                b[p + i] = (byte)(v >> (8 * i));
            }

            return p + bytes;
        }

        /// <summary>Reads a little-endian value; 4-byte fields are unsigned (boot, remainder), 8-byte ones signed.</summary>
        private static long Get(byte[] b, int p, int bytes)
        {
            long v = 0;
            for (int i = bytes - 1; i >= 0; i--)
            {
                v = (v << 8) | b[p + i];
            }

            return v;
        }
    }
}
