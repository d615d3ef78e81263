using System.Text;
using Metering.Collector.Points;
using Metering.Collector.Storage;

namespace Metering.Collector.Tests.Storage;

/// <summary>The embedded store: exact points back, idempotent by key, queries by tags and time range.</summary>
public sealed class SqliteSinkTests : IDisposable
{
    private static readonly Dictionary<string, string> NoTags = [];
    private readonly TempFolder _dir = new();
    private readonly SqliteSink _sink;

    public SqliteSinkTests() => _sink = new SqliteSink(new SqliteSinkSettings { Path = _dir.File("metering.db") });

    public void Dispose()
    {
        _sink.Dispose();
        _dir.Dispose();
    }

    private Task Write(params Point[] points)
    {
        var buffer = new LineProtocolBuffer();
        buffer.AppendRange(points);
        return _sink.WriteAsync(buffer.Written, CancellationToken.None);
    }

    private Task<IReadOnlyList<Point>> Query(string m, Dictionary<string, string>? tags = null, long from = long.MinValue, long to = long.MaxValue) =>
        _sink.QueryAsync(m, tags ?? NoTags, from, to, CancellationToken.None);

    internal static Point[] Awkward =>
    [
        new("channel_reading", [new("node", "gpu-01"), new("device", "esp-01"), new("channel", "0"), new("note", "a b,c=d \"q\" \\x é")],
            [new("energy_mj", 9_007_199_254_740_993L), new("power_mean_mw", 1234.5), new("whole", 2.0), new("tiny", 1e-300),
             new("neg_zero", -0.0), new("ok", true), new("job", "line1\nline2 \"quoted\" \\ back")], 1_700_000_000_000),
        new("channel_reading", [new("node", "gpu-01"), new("device", "esp-02"), new("channel", "1")], [new("energy_mj", -5L)], 1_700_000_000_000),
        new("node_energy", [new("node", "gpu-02"), new("empty", "")], [new("energy_mj", 0L), new("big", 1e20)], 1_700_000_000_010),
    ];

    [Fact]
    public async Task Points_read_back_exactly_with_their_types()
    {
        await Write(Awkward);

        PointText.StoredEqual(Awkward.Take(2), await Query("channel_reading"));
        PointText.StoredEqual(Awkward.Skip(2), await Query("node_energy"));
    }

    [Fact]
    public async Task Writing_the_same_batch_twice_stores_each_point_once()
    {
        await Write(Awkward);
        await Write(Awkward);

        Assert.Equal(2, (await Query("channel_reading")).Count);
        Assert.Single(await Query("node_energy"));
    }

    [Fact]
    public async Task The_same_key_again_overwrites_its_fields_and_keeps_fields_it_does_not_repeat_as_InfluxDB_does()
    {
        var key = (Tags: new Tag[] { new("node", "n1") }, Time: 1_000L);
        await Write(new Point("m", key.Tags, [new("a", 1L), new("b", 1.5)], key.Time));
        await Write(new Point("m", key.Tags, [new("a", 2L)], key.Time));
        await Write(new Point("m", key.Tags, [new("c", "new")], key.Time));

        var point = Assert.Single(await Query("m"));
        Assert.Equal("m | node=n1 | a:Int64=2,b:Double=1.5#4609434218613702656,c:String=\"new\" | 1000", PointText.Describe(point));
    }

    [Fact]
    public async Task Tag_order_and_empty_tags_do_not_change_the_key()
    {
        await Write(new Point("m", [new("b", "2"), new("a", "1"), new("c", "")], [new("v", 1L)], 5));
        await Write(new Point("m", [new("a", "1"), new("b", "2")], [new("v", 2L)], 5));

        Assert.Equal("m | a=1,b=2 | v:Int64=2 | 5", PointText.Describe(Assert.Single(await Query("m"))));
    }

    public static TheoryData<string, Dictionary<string, string>, long, long, string[]> Queries => new()
    {
        { "everything, oldest first", [], long.MinValue, long.MaxValue, ["n1/d1@100", "n2/d2@100", "n1/d2@200", "n2/d1@300", "n1/d1@400"] },
        { "by node (indexed column)", new() { ["node"] = "n1" }, long.MinValue, long.MaxValue, ["n1/d1@100", "n1/d2@200", "n1/d1@400"] },
        { "by device (indexed column)", new() { ["device"] = "d1" }, long.MinValue, long.MaxValue, ["n1/d1@100", "n2/d1@300", "n1/d1@400"] },
        { "by node and device", new() { ["node"] = "n1", ["device"] = "d1" }, long.MinValue, long.MaxValue, ["n1/d1@100", "n1/d1@400"] },
        { "by another tag", new() { ["rack"] = "r2" }, long.MinValue, long.MaxValue, ["n2/d2@100", "n2/d1@300"] },
        { "a tag no point has", new() { ["rack"] = "r9" }, long.MinValue, long.MaxValue, [] },
        { "from is inclusive, to exclusive", [], 200, 400, ["n1/d2@200", "n2/d1@300"] },
        { "an empty range", [], 250, 250, [] },
        { "tags and time together", new() { ["node"] = "n1" }, 150, 500, ["n1/d2@200", "n1/d1@400"] },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Queries_select_by_tags_and_time_range(string because, Dictionary<string, string> tags, long from, long to, string[] expected)
    {
        Point At(string node, string device, long t) => new("power", [new("node", node), new("device", device), new("rack", node == "n1" ? "r1" : "r2")], [new("w", (double)t)], t);
        await Write(At("n1", "d1", 100), At("n2", "d2", 100), At("n1", "d2", 200), At("n2", "d1", 300), At("n1", "d1", 400));
        await Write(new Point("other", [new("node", "n1")], [new("w", 1.0)], 100));

        var found = await Query("power", tags, from, to);
        Assert.True(expected.SequenceEqual(found.Select(p => $"{p.Tag("node")}/{p.Tag("device")}@{p.TimestampMs}")), because);
    }

    [Fact]
    public async Task A_batch_that_is_not_line_protocol_is_rejected_permanently_and_stores_nothing()
    {
        var e = await Assert.ThrowsAsync<SinkException>(() => _sink.WriteAsync(Encoding.UTF8.GetBytes("m v=1i 1\nm v=oops 2\n"), CancellationToken.None));
        Assert.True(e.Permanent);
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
        Assert.Empty(await Query("m"));
    }

    [Fact]
    public async Task An_empty_tag_filter_value_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Query("m", new() { ["node"] = "" }));
    }

    [Fact]
    public async Task Points_are_still_there_after_reopening_the_file()
    {
        await Write(Awkward);
        _sink.Dispose();

        using var reopened = new SqliteSink(new SqliteSinkSettings { Path = _dir.File("metering.db") });
        PointText.StoredEqual(Awkward.Take(2), await reopened.QueryAsync("channel_reading", NoTags, long.MinValue, long.MaxValue, CancellationToken.None));
    }

    [Theory]
    [InlineData("device", "point_device")]
    [InlineData("node", "point_node")]
    public async Task A_query_by_device_or_node_uses_their_index_not_a_scan_of_the_time_range(string tag, string index)
    {
        await Write(Awkward);
        var tags = new Dictionary<string, string> { [tag] = "x" };

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_dir.File("metering.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + SqlitePointReader.QuerySql(tags);
        foreach (var (name, value) in new (string, object)[] { ("$m", "channel_reading"), ("$from", 0L), ("$to", long.MaxValue), ("$node", "x"), ("$device", "x") })
        {
            explain.Parameters.AddWithValue(name, value);
        }

        using var reader = explain.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Contains($"USING INDEX {index} (measurement=? AND {tag}=?", reader.GetString(3), StringComparison.Ordinal);
    }
}
