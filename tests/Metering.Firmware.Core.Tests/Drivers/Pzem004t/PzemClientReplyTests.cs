using Metering.Firmware.Core.Drivers.Pzem004t;

namespace Metering.Firmware.Core.Tests.Drivers.Pzem004t;

/// <summary>Which replies the client takes, which it refuses and how each refusal is counted.</summary>
public sealed class PzemClientReplyTests
{
    private const string ManualReply = "01 04 14 08 98 03 E8 00 00 08 98 00 00 00 00 00 00 01 F4 00 64 00 00 63 CE";

    public static TheoryData<string, byte[], PzemStatus> BadReplies => new()
    {
        { "bad CRC", Hex.Bytes(ManualReply[..^2] + "CF"), PzemStatus.BadCrc },
        { "data byte corrupted", Hex.Bytes("01 04 14 08 99" + ManualReply[14..]), PzemStatus.BadCrc },
        { "another meter's address", Hex.WithCrc("02" + ManualReply[2..^6]), PzemStatus.BadFrame },
        { "holding-register function", Hex.WithCrc("01 03" + ManualReply[5..^6]), PzemStatus.BadFrame },
        { "byte count 0x12", Hex.WithCrc("01 04 12 08 98 03 E8 00 00 08 98 00 00 00 00 00 00 01 F4 00 64"), PzemStatus.BadFrame },
        { "byte count 0x16", Hex.WithCrc("01 04 16 08 98 03 E8 00 00 08 98 00 00 00 00 00 00 01 F4 00 64 00 00 00 00"), PzemStatus.BadFrame },
        { "truncated after 10 bytes", Hex.Bytes(ManualReply)[..10], PzemStatus.BadFrame },
        { "truncated before the CRC", Hex.Bytes(ManualReply)[..23], PzemStatus.BadFrame },
        { "two bytes only", Hex.Bytes("01 04"), PzemStatus.BadFrame },
        { "error reply from another address", Hex.WithCrc("02 84 02"), PzemStatus.BadFrame },
        { "error reply with a bad CRC", Hex.Bytes("01 84 02 C2 C0"), PzemStatus.BadCrc },
    };

    [Theory]
    [MemberData(nameof(BadReplies))]
    public void Refused_replies_are_retried_and_counted(string why, byte[] reply, PzemStatus expected)
    {
        var port = new ScriptedSerialPort().Reply(reply, reply, reply);
        var client = new PzemClient(port);
        var m = new PzemMeasurement { PowerDeciwatts = -7 };

        var status = client.ReadMeasurements(0x01, m);

        Assert.True(expected == status, why);
        Assert.Equal(3, client.Requests);
        Assert.Equal(expected == PzemStatus.BadCrc ? 3 : 0, client.CrcErrors);
        Assert.Equal(expected == PzemStatus.BadFrame ? 3 : 0, client.BadFrames);
        Assert.Equal(0, client.Timeouts);
        Assert.Equal(-7, m.PowerDeciwatts); // a refused reply never reaches the measurement
    }

    [Theory]
    [InlineData("01 84 01 82 C0", PzemRegisters.IllegalFunction)]
    [InlineData("01 84 02 C2 C1", PzemRegisters.IllegalAddress)]
    [InlineData("01 84 03 03 01", PzemRegisters.IllegalData)]
    [InlineData("01 84 04 42 C3", PzemRegisters.SlaveError)]
    public void Error_replies_are_final_and_carry_their_code(string reply, byte code)
    {
        var good = Hex.Bytes(ManualReply);
        var port = new ScriptedSerialPort().Reply(Hex.Bytes(reply), good);
        var client = new PzemClient(port);

        var status = client.ReadMeasurements(0x01, new PzemMeasurement());

        Assert.Equal(PzemStatus.Exception, status);
        Assert.Equal(code, client.LastExceptionCode);
        Assert.Equal(1, client.Requests); // the meter answered: retrying would not change its mind
        Assert.Equal(1, client.Exceptions);
    }

    [Fact]
    public void The_exception_code_is_cleared_by_the_next_exchange()
    {
        var port = new ScriptedSerialPort().Reply(Hex.Bytes("01 84 04 42 C3"), Hex.Bytes(ManualReply));
        var client = new PzemClient(port);
        client.ReadMeasurements(0x01, new PzemMeasurement());

        Assert.Equal(PzemStatus.Ok, client.ReadMeasurements(0x01, new PzemMeasurement()));
        Assert.Equal(0, client.LastExceptionCode);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public void A_reply_that_arrives_in_pieces_is_reassembled(int chunkSize)
    {
        var port = new ScriptedSerialPort { ChunkSize = chunkSize }.Reply(Hex.Bytes(ManualReply));
        var m = new PzemMeasurement();

        Assert.Equal(PzemStatus.Ok, new PzemClient(port).ReadMeasurements(0x01, m));
        Assert.Equal(2200, m.PowerDeciwatts);
    }

    [Fact]
    public void A_good_reply_after_a_bad_one_is_taken()
    {
        var port = new ScriptedSerialPort().Reply(Hex.Bytes(ManualReply)[..9], Hex.Bytes(ManualReply));
        var client = new PzemClient(port);
        var m = new PzemMeasurement();

        Assert.Equal(PzemStatus.Ok, client.ReadMeasurements(0x01, m));
        Assert.Equal(2, client.Requests);
        Assert.Equal(1, client.BadFrames);
        Assert.Equal(2200, m.VoltageDecivolts);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0xF9)]
    [InlineData(0xFF)]
    public void Addresses_that_cannot_answer_are_refused_before_anything_is_sent(byte address)
    {
        var port = new ScriptedSerialPort();

        Assert.Throws<ArgumentOutOfRangeException>(() => new PzemClient(port).ReadMeasurements(address, new PzemMeasurement()));
        Assert.Empty(port.Written);
    }

    [Theory]
    [InlineData(0, 2, 5, "replyTimeoutMilliseconds")]
    [InlineData(200, -1, 5, "retries")]
    [InlineData(200, 2, -1, "interFrameGapMilliseconds")]
    public void Timing_is_validated(int timeout, int retries, int gap, string parameter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new PzemClient(new ScriptedSerialPort(), timeout, retries, gap));

        Assert.Equal(parameter, e.ParamName);
    }
}
