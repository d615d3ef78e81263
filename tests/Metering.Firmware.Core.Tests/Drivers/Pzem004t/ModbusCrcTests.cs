using System.Text;
using Metering.Firmware.Core.Drivers.Pzem004t;

namespace Metering.Firmware.Core.Tests.Drivers.Pzem004t;

/// <summary>CRC-16/MODBUS against the catalogue check value, the manual's frames and captures, low byte first.</summary>
public sealed class ModbusCrcTests
{
    [Fact]
    public void Catalogue_check_value_of_123456789_is_0x4B37()
    {
        var ascii = Encoding.ASCII.GetBytes("123456789");

        Assert.Equal(0x4B37, ModbusCrc.Compute(ascii, 0, ascii.Length));
    }

    [Theory]
    [InlineData("01 04 00 00 00 0A", "70 0D")] // read all measurements, address 1 (manual)
    [InlineData("01 42", "80 11")] // reset energy, address 1 (manual)
    [InlineData("F8 04 00 00 00 0A", "64 64")] // read all measurements, general address
    [InlineData("01 84 01", "82 C0")] // error reply: illegal function
    [InlineData("01 04 14 08 98 03 E8 00 00 08 98 00 00 00 00 00 00 01 F4 00 64 00 00", "63 CE")] // the manual's example reply
    public void Frames_end_with_their_crc_low_byte_first(string body, string crc)
    {
        var frame = new byte[Hex.Bytes(body).Length + 2];
        Hex.Bytes(body).CopyTo(frame, 0);

        int length = ModbusCrc.Append(frame, frame.Length - 2);

        Assert.Equal(frame.Length, length);
        Assert.Equal(crc, Hex.Of(frame.AsSpan(frame.Length - 2)));
        Assert.True(ModbusCrc.IsValid(frame, 0, frame.Length));
    }

    [Fact]
    public void Computes_over_a_range_inside_a_larger_buffer()
    {
        var buffer = Hex.Bytes("FF FF 01 04 00 00 00 0A 70 0D FF");

        Assert.Equal(0x0D70, ModbusCrc.Compute(buffer, 2, 6));
        Assert.True(ModbusCrc.IsValid(buffer, 2, 8));
        Assert.False(ModbusCrc.IsValid(buffer, 1, 8));
    }

    [Fact]
    public void Every_single_bit_error_in_a_reply_is_detected()
    {
        var reply = Hex.Bytes("01 04 14 08 98 03 E8 00 00 08 98 00 00 00 00 00 00 01 F4 00 64 00 00 63 CE");
        for (int bit = 0; bit < reply.Length * 8; bit++)
        {
            var corrupted = (byte[])reply.Clone();
            corrupted[bit / 8] ^= (byte)(1 << (bit % 8));

            Assert.False(ModbusCrc.IsValid(corrupted, 0, corrupted.Length), $"bit {bit} flipped went unnoticed");
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Frames_too_short_to_hold_a_crc_are_invalid(int length)
    {
        // Two bytes 0xFF 0xFF would be "the CRC of nothing" (0xFFFF): still not a frame.
        Assert.False(ModbusCrc.IsValid([0xFF, 0xFF, 0xFF], 0, length));
    }
}
