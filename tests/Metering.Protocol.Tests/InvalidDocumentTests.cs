namespace Metering.Protocol.Tests;

/// <summary>Every refused document in examples/invalid is refused with exactly the reason and field its manifest lists.</summary>
public sealed class InvalidDocumentTests
{
    public sealed record Case(string File, string Topic, string Reason, string Field, string Why)
    {
        public override string ToString() => File;
    }

    private static IReadOnlyList<Case> Cases() =>
        File.ReadAllLines(Repo.Example("invalid/cases.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Select(c => new Case(c[0], c[1], c[2], c[3], c[4]))
            .ToList();

    public static TheoryData<Case> All() => [.. Cases()];

    [Theory]
    [MemberData(nameof(All))]
    public void Is_refused_with_its_listed_reason_and_field(Case c)
    {
        var payload = File.ReadAllBytes(Repo.Example("invalid/" + c.File));

        var decoded = MessageDecoder.Decode(c.Topic, payload, out var error);

        Assert.Null(decoded);
        Assert.NotNull(error);
        Assert.Equal((c.Reason, c.Field), (error.Code, error.Field));
        Assert.False(string.IsNullOrWhiteSpace(error.Detail));
    }

    [Fact]
    public void The_manifest_lists_every_file_once_and_every_file_is_listed()
    {
        var listed = Cases().Select(c => c.File).ToList();
        var files = Directory.GetFiles(Repo.Example("invalid")).Select(System.IO.Path.GetFileName).Where(f => f != "cases.tsv");

        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(files.Order(), listed.Order());
        Assert.True(listed.Count >= 20, "the contract promises at least 20 refused documents");
    }

    [Fact]
    public void Every_reason_has_at_least_one_refused_document()
    {
        var covered = Cases().Select(c => c.Reason).ToHashSet();

        var uncovered = ErrorReasons.All.Select(ErrorReasons.Code).Where(code => !covered.Contains(code)).ToList();

        Assert.Empty(uncovered);
    }

    [Fact]
    public void Every_reason_code_round_trips_and_is_distinct()
    {
        var codes = ErrorReasons.All.Select(ErrorReasons.Code).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(ErrorReasons.All, r => Assert.Equal(r, ErrorReasons.Parse(ErrorReasons.Code(r))));
        Assert.Equal(Enum.GetValues<ErrorReason>().Length - 1, ErrorReasons.All.Length);
    }

    [Theory]
    [InlineData("{}", "missing_field", "v")]
    [InlineData("   ", "truncated", "$")]
    [InlineData("{\"v\":1,", "truncated", "$")]
    [InlineData("{\"v\":1,\"device\":\"a\",}", "malformed_json", "$")]
    [InlineData("{\"v\":true}", "wrong_type", "v")]
    [InlineData("{\"v\":1.0}", "number_not_integer", "v")]
    [InlineData("{\"v\":-0}", "unsupported_version", "v")]
    [InlineData("{\"v\":1,\"device\":\"\"}", "invalid_device_id", "device")]
    [InlineData("{\"v\":1,\"device\":\"a\",\"boot\":-9007199254740993}", "negative_number", "boot")]
    [InlineData("{\"v\":1,\"device\":\"a\",\"boot\":4294967296}", "out_of_range", "boot")]
    [InlineData("{\"v\":1,\"device\":\"a\",\"boot\":1,\"seq\":1,\"start_ms\":1,\"end_ms\":1,\"synced\":tru}", "malformed_json", "synced")]
    [InlineData("{\"v\":1,\"device\":\"a\",\"x\":\"\\q\"}", "malformed_json", "x")]
    [InlineData("{\"v\":1,\"device\":\"a\",\"x\":\"\\udc00\"}", "malformed_json", "x")]
    [InlineData("{\"v\":1,\"device\":\"a\",\"x\":\"\\ud800\\u0041\"}", "malformed_json", "x")]
    [InlineData("{\"v\":1 , \"device\" \"a\"}", "malformed_json", "$")]
    [InlineData("{\"v\":1,\"device\":\"a\",\"x\":[1 2]}", "malformed_json", "x")]
    [InlineData("{\"v\":1,\"device\":\"a\",\"x\":-}", "malformed_json", "x")]
    [InlineData("{\"v\":1,\"device\":\"a\",\"x\":1.}", "malformed_json", "x")]
    [InlineData("{\"v\":1,\"device\":\"a\",\"x\":Infinity}", "non_finite_number", "x")]
    [InlineData("{\"v\":1,\"device\":\"a\",\"x\":{\"y\":{\"z\":[[1]]}}}", "too_deep", "x")]
    [InlineData("{\"v\":1,\"device\":\"a\",\"channels\":[1]}", "wrong_type", "channels[0]")]
    public void Small_documents_are_refused_with_a_precise_reason(string json, string reason, string field)
    {
        var t = TelemetryCodec.Decode(System.Text.Encoding.UTF8.GetBytes(json), out var error);

        Assert.Null(t);
        Assert.Equal((reason, field), (error.Code, error.Field));
    }

    [Fact]
    public void A_syntax_error_carries_the_byte_offset_where_it_was_found()
    {
        var json = "{\"v\":1,\"device\":\"a\" \"boot\":1}"u8.ToArray();

        TelemetryCodec.Decode(json, out var error);

        Assert.Equal(ErrorReason.MalformedJson, error.Reason);
        Assert.Equal(20, error.Offset);
        Assert.Contains("(byte 20)", error.ToString());
    }

    [Fact]
    public void Decoding_a_slice_ignores_bytes_outside_it()
    {
        var file = File.ReadAllBytes(Repo.Example("event-boot.json"));
        var framed = new byte[file.Length + 8];
        "GARBAGE!"u8.CopyTo(framed);
        file.CopyTo(framed, 8);

        var e = EventCodec.Decode(framed, 8, file.Length, out var error);

        Assert.Null(error);
        Assert.Equal(43, e.Boot);
    }
}
