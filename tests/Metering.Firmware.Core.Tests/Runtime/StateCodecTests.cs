using Metering.Firmware.Core.Drivers.Pzem004t;
using Metering.Firmware.Core.Persistence;

namespace Metering.Firmware.Core.Tests.Runtime;

public sealed class StateCodecTests
{
    private static SavedState Sample() => new()
    {
        Incarnation = ProtocolLimits.MaxSafeInteger,
        Boot = 4_000_000_000,
        ResetReason = ResetReasons.Watchdog,
        Channels =
        [
            new SavedChannel { ChannelId = 0, Kind = SensorKind.Pzem004t, Address = 1, Epoch = 3 * 65536L + 2, Millijoules = 81_237_650_000, RemainderNanojoules = 999_999, AnchorMillijoules = 80_000_000_000, AnchorWattHours = 9_999_990, LastWattHours = 9_999_999, OffsetMillijoules = -32_400_000, PreviousEpoch = 2 * 65536L + 7, PreviousMillijoules = 81_000_000_000, LineageAcknowledged = true },
            new SavedChannel { ChannelId = 31, Kind = SensorKind.Ina219, Address = 0x4F, Epoch = ProtocolLimits.MaxSafeInteger, Millijoules = 0, AnchorWattHours = -1, PreviousEpoch = -1 },
        ],
    };

    [Fact]
    public void Round_trips_every_field()
    {
        var buffer = new byte[StateCodec.Size(2)];
        var n = StateCodec.Encode(Sample(), buffer);

        Assert.Equal(StateCodec.Size(2), n);
        Assert.Equivalent(Sample(), StateCodec.Decode(buffer), strict: true);
    }

    [Fact]
    public void A_format_1_blob_from_before_incarnations_is_refused_so_the_device_starts_a_new_life()
    {
        var buffer = new byte[StateCodec.Size(2)];
        var n = StateCodec.Encode(Sample(), buffer);
        buffer[4] = 1;
        var crc = ModbusCrc.Compute(buffer, 0, n - 2);
        (buffer[n - 2], buffer[n - 1]) = ((byte)crc, (byte)(crc >> 8));

        Assert.Null(StateCodec.Decode(buffer));
    }

    [Fact]
    public void Any_flipped_byte_or_truncation_is_refused_rather_than_restored_wrong()
    {
        var buffer = new byte[StateCodec.Size(2)];
        StateCodec.Encode(Sample(), buffer);

        for (var i = 0; i < buffer.Length; i++)
        {
            var copy = (byte[])buffer.Clone();
            copy[i] ^= 0x10;
            Assert.Null(StateCodec.Decode(copy));
        }

        Assert.Null(StateCodec.Decode(buffer[..^1]));
        Assert.Null(StateCodec.Decode(null));
        Assert.Null(StateCodec.Decode([]));
    }
}
