using Metering.Firmware.Core.Drivers.Pzem004t;

namespace Metering.Firmware.Core.Tests.Drivers.Pzem004t;

/// <summary>The measurement request on the wire and the decoding of replies, from the manual and hand-built captures.</summary>
public sealed class PzemFrameTests
{
    private const string ManualReply = "01 04 14 08 98 03 E8 00 00 08 98 00 00 00 00 00 00 01 F4 00 64 00 00 63 CE";

    [Theory]
    [InlineData(0x01, "01 04 00 00 00 0A 70 0D")]
    [InlineData(0x02, "02 04 00 00 00 0A 70 3E")]
    [InlineData(0xF7, "F7 04 00 00 00 0A 64 9B")]
    [InlineData(0xF8, "F8 04 00 00 00 0A 64 64")]
    public void Read_request_asks_for_ten_input_registers_from_0x0000(byte address, string expected)
    {
        var port = new ScriptedSerialPort();

        new PzemClient(port).ReadMeasurements(address, new PzemMeasurement());

        Assert.Equal(3, port.Written.Count); // no reply: the first attempt and two retries, each the same frame
        Assert.All(port.Written, frame => Assert.Equal(expected, Hex.Of(frame)));
    }

    [Fact]
    public void The_manuals_example_reply_is_220V_1A_220W_0Wh_50Hz_pf_1()
    {
        var port = new ScriptedSerialPort().Reply(Hex.Bytes(ManualReply));
        var m = new PzemMeasurement();

        var status = new PzemClient(port).ReadMeasurements(0x01, m);

        Assert.Equal(PzemStatus.Ok, status);
        Assert.Equal(2200, m.VoltageDecivolts);
        Assert.Equal(1000, m.CurrentMilliamps);
        Assert.Equal(2200, m.PowerDeciwatts);
        Assert.Equal(0, m.EnergyWattHours);
        Assert.Equal(500, m.FrequencyDecihertz);
        Assert.Equal(100, m.PowerFactorHundredths);
        Assert.False(m.Alarm);
    }

    [Fact]
    public void Thirty_two_bit_values_arrive_low_word_first()
    {
        // 230.0 V; current 70 000 mA = 0x00011170 -> 11 70 00 01; power 90 000 dW = 0x00015F90 -> 5F 90 00 01;
        // energy 123 456 Wh = 0x0001E240 -> E2 40 00 01; 50.0 Hz; PF 0.98; alarm FFFF.
        var reply = Hex.Bytes("01 04 14 08 FC 11 70 00 01 5F 90 00 01 E2 40 00 01 01 F4 00 62 FF FF AB 69");
        var port = new ScriptedSerialPort().Reply(reply);
        var m = new PzemMeasurement();

        Assert.Equal(PzemStatus.Ok, new PzemClient(port).ReadMeasurements(0x01, m));

        Assert.Equal(2300, m.VoltageDecivolts);
        Assert.Equal(70_000, m.CurrentMilliamps);
        Assert.Equal(90_000, m.PowerDeciwatts);
        Assert.Equal(123_456, m.EnergyWattHours);
        Assert.Equal(500, m.FrequencyDecihertz);
        Assert.Equal(98, m.PowerFactorHundredths);
        Assert.True(m.Alarm);
    }

    [Theory]
    [InlineData("00 00 00 00", 0L)]
    [InlineData("00 01 00 00", 1L)]
    [InlineData("00 00 00 01", 65_536L)]
    [InlineData("11 70 00 01", 70_000L)]
    [InlineData("FF FF FF FF", 4_294_967_295L)] // unsigned: never negative
    [InlineData("00 00 80 00", 2_147_483_648L)]
    public void Low_word_first_decoding(string bytes, long expected)
    {
        Assert.Equal(expected, PzemRegisters.ReadLowWordFirst(Hex.Bytes(bytes), 0));
    }
}
