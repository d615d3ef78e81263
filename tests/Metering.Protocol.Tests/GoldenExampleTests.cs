namespace Metering.Protocol.Tests;

/// <summary>Every example in the contract, both ways: decode gives exactly the object, encode gives exactly the file.</summary>
public sealed class GoldenExampleTests
{
    public static TheoryData<string> ExampleFiles() =>
        [.. Directory.GetFiles(Repo.Path("shared/Metering.Protocol/examples"), "*.json").Select(f => System.IO.Path.GetFileName(f)).Order()];

    private static object Expected(string file) => file switch
    {
        "telemetry.json" => Examples.Telemetry(),
        "telemetry-faulted.json" => Examples.TelemetryFaulted(),
        "telemetry-new-epoch.json" => Examples.TelemetryNewEpoch(),
        "telemetry-unsynced.json" => Examples.TelemetryUnsynced(),
        "status-replaced-board.json" => Examples.StatusReplacedBoard(),
        "status-online.json" => Examples.StatusOnline(),
        "status-offline.json" => Examples.StatusOffline(),
        "config.json" => Examples.Config(),
        "event-config-rejected.json" => Examples.EventConfigRejected(),
        "event-boot.json" => Examples.EventBoot(),
        "event-sensor-fault.json" => Examples.EventSensorFault(),
        _ => throw new InvalidOperationException($"{file}: add its expected object to Examples.cs"),
    };

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Decoding_the_file_gives_exactly_the_expected_object(string file)
    {
        var bytes = File.ReadAllBytes(Repo.Example(file));
        var decoded = MessageDecoder.Decode(Topics.For(DeviceOf(file), KindOf(file)), bytes, out var error);

        Assert.Null(error);
        Assert.NotNull(decoded);
        Assert.Equivalent(Expected(file), decoded.Message, strict: true);
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Encoding_the_expected_object_gives_exactly_the_file(string file)
    {
        var expected = File.ReadAllBytes(Repo.Example(file));
        var encoded = Expected(file) switch
        {
            TelemetryMessage t => TelemetryCodec.Encode(t),
            StatusMessage s => StatusCodec.Encode(s),
            ConfigMessage c => ConfigCodec.Encode(c),
            EventMessage e => EventCodec.Encode(e),
            _ => throw new InvalidOperationException(),
        };

        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(encoded));
        Assert.Equal(expected, encoded);
    }

    [Fact]
    public void Encoding_into_a_buffer_at_an_offset_writes_the_same_bytes_and_returns_their_count()
    {
        var expected = File.ReadAllBytes(Repo.Example("telemetry.json"));
        var buffer = new byte[ProtocolLimits.MaxPayloadBytes + 10];

        var n = TelemetryCodec.Encode(Examples.Telemetry(), buffer, 10);

        Assert.Equal(expected.Length, n);
        Assert.Equal(expected, buffer.AsSpan(10, n).ToArray());
    }

    [Fact]
    public void Encoding_into_a_buffer_too_small_throws_payload_too_large_instead_of_writing_past_it()
    {
        var buffer = new byte[100];

        var e = Assert.Throws<ProtocolException>(() => TelemetryCodec.Encode(Examples.Telemetry(), buffer, 0));

        Assert.Equal(ErrorReason.PayloadTooLarge, e.Error.Reason);
    }

    [Fact]
    public void Encoding_an_invalid_message_throws_the_reason_a_decoder_would_give()
    {
        var m = Examples.Telemetry();
        m.Channels[1].ChannelId = 0;

        var e = Assert.Throws<ProtocolException>(() => TelemetryCodec.Encode(m));

        Assert.Equal(ErrorReason.DuplicateChannel, e.Error.Reason);
        Assert.Equal("channels[1].id", e.Error.Field);
    }

    [Fact]
    public void Decoding_accepts_any_layout_and_member_order()
    {
        var pretty = """
            {
              "channels" : [ { "errors": 10, "samples": 0, "energy_mj": 3600000, "epoch": 1, "kind": "pzem004t", "id": 0 },
                             { "id": 4, "kind": "ina219", "epoch": 2, "energy_mj": 0, "samples": 198, "errors": 2,
                               "p_mean_mw": 0, "p_min_mw": 0, "p_max_mw": 0, "v_mean_mv": 12003, "i_mean_ma": 0 } ],
              "synced" : false, "end_ms" : 946684810000, "start_ms" : 946684800000,
              "seq" : 0, "boot" : 3, "device" : "lab\u002dbench-1", "v" : 1, "firmware_extra": {"ignored": [1, 2]}
            }
            """u8.ToArray();

        var t = TelemetryCodec.Decode(pretty, out var error);

        Assert.Null(error);
        Assert.Equivalent(Examples.TelemetryFaulted(), t, strict: true);
    }

    private static MessageKind KindOf(string file) =>
        file.StartsWith("telemetry", StringComparison.Ordinal) ? MessageKind.Telemetry
        : file.StartsWith("status", StringComparison.Ordinal) ? MessageKind.Status
        : file.StartsWith("config", StringComparison.Ordinal) ? MessageKind.Config
        : MessageKind.Event;

    private static string DeviceOf(string file) => file == "telemetry-faulted.json" ? "lab-bench-1" : "rack12-node07-a";
}
