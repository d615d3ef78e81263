using System.Text;
using Metering.Collector.Points;

namespace Metering.Collector.Tests.Storage;

/// <summary>The line-protocol writer's exact output, what it refuses, and the parser reading it back.</summary>
public sealed class LineProtocolTests
{
    private const long T = 1_700_000_000_000;

    private static Point P(string m, Tag[] tags, Field[] fields, long t = T) => new(m, tags, fields, t);

    private static Field F(string key, object value) => new(key, value);

    public static TheoryData<string, Point, string> Lines => new()
    {
        { "tags sorted by key, integer with i", P("channel_reading", [new("device", "esp-01"), new("channel", "0")], [F("energy_mj", 123L)]), "channel_reading,channel=0,device=esp-01 energy_mj=123i 1700000000000" },
        { "no tags", P("m", [], [F("v", 1L)]), "m v=1i 1700000000000" },
        { "empty tag value omitted", P("m", [new("job", ""), new("node", "n1")], [F("v", 1L)]), "m,node=n1 v=1i 1700000000000" },
        { "measurement escapes comma and space, not equals", P("my m,x=y", [], [F("v", 1L)]), @"my\ m\,x=y v=1i 1700000000000" },
        { "tag key and value escape comma, equals, space", P("m", [new("a b", "c,d=e f")], [F("v", 1L)]), @"m,a\ b=c\,d\=e\ f v=1i 1700000000000" },
        { "field key escapes comma, equals, space", P("m", [], [F("p w,x=y", 1L)]), @"m p\ w\,x\=y=1i 1700000000000" },
        { "string escapes quote and backslash", P("m", [], [F("s", "he said \"hi\" \\o/")]), @"m s=""he said \""hi\"" \\o/"" 1700000000000" },
        { "string keeps commas, spaces, equals", P("m", [], [F("s", "a, b=c")]), @"m s=""a, b=c"" 1700000000000" },
        { "empty string", P("m", [], [F("s", "")]), @"m s="""" 1700000000000" },
        { "string with a line break stays raw inside quotes", P("m", [], [F("s", "l1\nl2")]), "m s=\"l1\nl2\" 1700000000000" },
        { "backslash in a tag kept literally", P("m", [new("path", @"a\b")], [F("v", 1L)]), @"m,path=a\b v=1i 1700000000000" },
        { "unicode as UTF-8", P("m", [new("site", "Zürich ☃")], [F("s", "😀")]), "m,site=Zürich\\ ☃ s=\"😀\" 1700000000000" },
        { "float 1.5", P("m", [], [F("v", 1.5)]), "m v=1.5 1700000000000" },
        { "float 2.0 has no i", P("m", [], [F("v", 2.0)]), "m v=2 1700000000000" },
        { "float 0.1 shortest round-trip", P("m", [], [F("v", 0.1)]), "m v=0.1 1700000000000" },
        { "float large exponent", P("m", [], [F("v", 1e20)]), "m v=1E+20 1700000000000" },
        { "float small exponent", P("m", [], [F("v", 1e-5)]), "m v=1E-05 1700000000000" },
        { "negative zero", P("m", [], [F("v", -0.0)]), "m v=-0 1700000000000" },
        { "largest double", P("m", [], [F("v", double.MaxValue)]), "m v=1.7976931348623157E+308 1700000000000" },
        { "smallest subnormal", P("m", [], [F("v", double.Epsilon)]), "m v=5E-324 1700000000000" },
        { "long extremes", P("m", [], [F("a", long.MinValue), F("b", long.MaxValue)]), "m a=-9223372036854775808i,b=9223372036854775807i 1700000000000" },
        { "booleans", P("m", [], [F("t", true), F("f", false)]), "m t=true,f=false 1700000000000" },
        { "fields keep their order", P("m", [], [F("z", 1L), F("a", 2L)]), "m z=1i,a=2i 1700000000000" },
        { "negative timestamp", P("m", [], [F("v", 1L)], -1), "m v=1i -1" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void Writes_the_exact_line(string because, Point point, string expected)
    {
        Assert.True(expected == LineProtocol.ToLine(point), $"{because}: expected {expected}, got {LineProtocol.ToLine(point)}");
    }

    [Theory]
    [MemberData(nameof(Lines))]
    public void Parses_back_what_it_wrote(string because, Point point, string line)
    {
        Assert.True(PointText.Canonical(point) == PointText.Describe(LineProtocol.Parse(line)), because);
    }

    public static TheoryData<string, Point, string> Refused => new()
    {
        { "empty measurement", P("", [], [F("v", 1L)]), "measurement is empty" },
        { "measurement starting with #", P("#m", [], [F("v", 1L)]), "comment" },
        { "line break in a measurement", P("m\nx", [], [F("v", 1L)]), "line break" },
        { "line break in a tag value", P("m", [new("t", "a\nb")], [F("v", 1L)]), "line break" },
        { "carriage return in a field key", P("m", [], [F("a\rb", 1L)]), "line break" },
        { "backslash at the end of a tag value", P("m", [new("t", @"a\")], [F("v", 1L)]), "backslash" },
        { "backslash before a comma", P("m", [new("t", @"a\,b")], [F("v", 1L)]), "backslash" },
        { "backslash before equals in a measurement", P(@"m\=x", [], [F("v", 1L)]), "backslash" },
        { "backslash before a space in a field key", P("m", [], [F(@"a\ b", 1L)]), "backslash" },
        { "empty tag key", P("m", [new("", "v")], [F("v", 1L)]), "tag key is empty" },
        { "duplicate tag key", P("m", [new("t", "1"), new("t", "2")], [F("v", 1L)]), "appears twice" },
        { "no fields", P("m", [], []), "no fields" },
        { "duplicate field key", P("m", [], [F("v", 1L), F("v", 2L)]), "appears twice" },
        { "tag key time", P("m", [new("time", "1")], [F("v", 1L)]), "time" },
        { "field key time (InfluxDB drops it silently)", P("m", [], [F("time", 1L)]), "time" },
        { "NaN", P("m", [], [F("v", double.NaN)]), "NaN" },
        { "infinity", P("m", [], [F("v", double.PositiveInfinity)]), "no spelling" },
        { "int instead of long", P("m", [], [F("v", 1)]), "Int32" },
        { "decimal", P("m", [], [F("v", 1.5m)]), "Decimal" },
        { "lone surrogate in a string", P("m", [], [F("s", "a\ud800b")]), "surrogate" },
        { "lone surrogate in a tag", P("m", [new("t", "\udc00")], [F("v", 1L)]), "surrogate" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refuses_what_it_cannot_write_faithfully(string because, Point point, string messagePart)
    {
        var e = Assert.Throws<ArgumentException>(() => LineProtocol.ToLine(point));
        Assert.True(e.Message.Contains(messagePart, StringComparison.Ordinal), $"{because}: {e.Message}");
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "no timestamp", "m v=1i" },
        { "no fields", "m,t=1 1700000000000" },
        { "field without value", "m v= 1" },
        { "bare word value", "m v=abc 1" },
        { "NaN value", "m v=NaN 1" },
        { "unterminated string", "m s=\"abc 1" },
        { "timestamp not an integer", "m v=1i 1.5" },
        { "text after the timestamp", "m v=1i 1 x" },
        { "empty measurement", ",t=1 v=1i 1" },
        { "tag without equals", "m,t v=1i 1" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Refuses_to_parse_what_it_would_not_write(string because, string line)
    {
        var e = Record.Exception(() => LineProtocol.Parse(line));
        Assert.True(e is FormatException, $"{because}: {e?.GetType().Name ?? "parsed"}");
    }

    [Fact]
    public void Batch_parsing_keeps_line_breaks_inside_strings_and_names_the_bad_line()
    {
        var batch = "m s=\"a\nb\" 1\n\nm v=2i 2\n"u8.ToArray();
        var points = LineProtocol.ParseBatch(batch);
        Assert.Equal(["m |  | s:String=\"a\nb\" | 1", "m |  | v:Int64=2 | 2"], points.Select(PointText.Describe));

        var e = Assert.Throws<FormatException>(() => LineProtocol.ParseBatch("m v=1i 1\nm v=x 2\n"u8));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_buffer_is_reused_and_a_refused_point_leaves_it_as_it_was()
    {
        var buffer = new LineProtocolBuffer(16);
        buffer.AppendRange([P("m", [], [F("v", 1L)], 1), P("m", [], [F("v", 2L)], 2)]);
        Assert.Equal("m v=1i 1\nm v=2i 2\n", Encoding.UTF8.GetString(buffer.Written.Span));
        Assert.Equal(2, buffer.Points);

        Assert.Throws<ArgumentException>(() => buffer.AppendRange([P("m", [], [F("v", 3L)], 3), P("m", [], [F("v", double.NaN)], 4)]));
        Assert.Equal("m v=1i 1\nm v=2i 2\n", Encoding.UTF8.GetString(buffer.Written.Span));
        Assert.Equal(2, buffer.Points);

        buffer.Clear();
        buffer.Append(P("n", [], [F("v", true)], 5));
        Assert.Equal("n v=true 5\n", Encoding.UTF8.GetString(buffer.Written.Span));
        Assert.Equal(1, buffer.Points);
    }
}
