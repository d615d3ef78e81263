using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Firmware.Core.Drivers.Pzem004t;

namespace Metering.Firmware.Core.Tests.Drivers.Pzem004t;

/// <summary>Whatever comes down the wire, ReadMeasurements returns a status and accepts only well-formed replies.</summary>
public sealed class PzemFuzzTests
{
    private static readonly byte[] ManualReply = Hex.Bytes("01 04 14 08 98 03 E8 00 00 08 98 00 00 00 00 00 00 01 F4 00 64 00 00 63 CE");

    private static readonly Gen<byte[]> Replies = Gen.OneOf(
        Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf(),
        // Random bytes behind a plausible header, so the length and CRC paths are reached too.
        Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Select(tail => (byte[])[0x01, 0x04, 0x14, .. tail]),
        Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().Select(tail => (byte[])[0x01, 0x84, .. tail]));

    [Property(MaxTest = 2000)]
    public Property Random_reply_bytes_never_throw_and_only_valid_frames_are_taken() =>
        Prop.ForAll(Replies.ToArbitrary(), Gen.Choose(1, 30).ToArbitrary(), (reply, chunk) =>
        {
            var port = new ScriptedSerialPort { ChunkSize = chunk }.Reply(reply, reply, reply);
            var status = new PzemClient(port).ReadMeasurements(0x01, new PzemMeasurement());

            return status != PzemStatus.Ok || IsMeasurementFrame(reply);
        });

    [Property(MaxTest = 1000)]
    public Property Any_single_byte_change_to_a_good_reply_is_refused() =>
        Prop.ForAll(Gen.Choose(0, ManualReply.Length - 1).ToArbitrary(), Gen.Choose(1, 255).ToArbitrary(), (position, xor) =>
        {
            var reply = (byte[])ManualReply.Clone();
            reply[position] ^= (byte)xor;
            var port = new ScriptedSerialPort().Reply(reply, reply, reply);

            return new PzemClient(port).ReadMeasurements(0x01, new PzemMeasurement()) != PzemStatus.Ok;
        });

    private static bool IsMeasurementFrame(byte[] reply) =>
        reply.Length >= 25 && reply[0] == 0x01 && reply[1] == 0x04 && reply[2] == 0x14 && ModbusCrc.IsValid(reply, 0, 25);
}
