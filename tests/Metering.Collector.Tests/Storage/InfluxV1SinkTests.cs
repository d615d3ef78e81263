using System.Text;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using Metering.Testing;

namespace Metering.Collector.Tests.Storage;

/// <summary>One real influxd for the tests of a class; each test uses its own database.</summary>
public sealed class InfluxDbFixture : IDisposable
{
    public InfluxDbServer Server { get; } = InfluxDbServer.Start();

    public void Dispose() => Server.Dispose();
}

/// <summary>The InfluxDB 1.x sink against a real InfluxDB 1.6.7: exact points back, idempotence, queries, errors.</summary>
public sealed class InfluxV1SinkTests : IClassFixture<InfluxDbFixture>, IDisposable
{
    private static readonly Dictionary<string, string> NoTags = [];
    private readonly InfluxDbServer _server;
    private readonly InfluxV1Sink _sink;
    private readonly TempFolder _dir = new();

    public InfluxV1SinkTests(InfluxDbFixture fixture)
    {
        _server = fixture.Server;
        Database = "t" + Guid.NewGuid().ToString("N")[..12];
        _sink = new InfluxV1Sink(new InfluxV1Settings { Url = _server.Url, Database = Database, CreateDatabase = true });
    }

    private string Database { get; }

    public void Dispose()
    {
        _sink.Dispose();
        _dir.Dispose();
    }

    private static byte[] Lines(params Point[] points)
    {
        var buffer = new LineProtocolBuffer();
        buffer.AppendRange(points);
        return buffer.Written.ToArray();
    }

    private Task<IReadOnlyList<Point>> Query(string m, Dictionary<string, string>? tags = null, long from = long.MinValue, long to = long.MaxValue) =>
        _sink.QueryAsync(m, tags ?? NoTags, from, to, CancellationToken.None);

    [Fact]
    public async Task Points_read_back_exactly_with_their_types()
    {
        await _sink.WriteAsync(Lines(SqliteSinkTests.Awkward), CancellationToken.None);

        PointText.StoredEqual(SqliteSinkTests.Awkward.Take(2), await Query("channel_reading"));
        PointText.StoredEqual(SqliteSinkTests.Awkward.Skip(2), await Query("node_energy"));
    }

    [Fact]
    public async Task Writing_the_same_batch_twice_stores_each_point_once()
    {
        await _sink.WriteAsync(Lines(SqliteSinkTests.Awkward), CancellationToken.None);
        await _sink.WriteAsync(Lines(SqliteSinkTests.Awkward), CancellationToken.None);

        Assert.Equal(2, (await Query("channel_reading")).Count);
        var count = _server.Execute("SELECT count(\"energy_mj\") FROM \"channel_reading\"", Database);
        Assert.Contains("[0,2]", count, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_key_again_overwrites_its_fields_and_keeps_the_others_like_the_SQLite_sink()
    {
        Tag[] tags = [new("node", "n1")];
        await _sink.WriteAsync(Lines(new Point("m", tags, [new("a", 1L), new("b", 1.5)], 1000)), CancellationToken.None);
        await _sink.WriteAsync(Lines(new Point("m", tags, [new("a", 2L)], 1000)), CancellationToken.None);
        await _sink.WriteAsync(Lines(new Point("m", tags, [new("c", "new")], 1000)), CancellationToken.None);

        var point = Assert.Single(await Query("m"));
        Assert.Equal("m | node=n1 | a:Int64=2,b:Double=1.5#4609434218613702656,c:String=\"new\" | 1000", PointText.Describe(point));
    }

    [Theory]
    [MemberData(nameof(SqliteSinkTests.Queries), MemberType = typeof(SqliteSinkTests))]
    public async Task Queries_select_by_tags_and_time_range_as_the_SQLite_sink_does(string because, Dictionary<string, string> tags, long from, long to, string[] expected)
    {
        Point At(string node, string device, long t) => new("power", [new("node", node), new("device", device), new("rack", node == "n1" ? "r1" : "r2")], [new("w", (double)t)], t);
        await _sink.WriteAsync(Lines(At("n1", "d1", 100), At("n2", "d2", 100), At("n1", "d2", 200), At("n2", "d1", 300), At("n1", "d1", 400)), CancellationToken.None);
        await _sink.WriteAsync(Lines(new Point("other", [new("node", "n1")], [new("w", 1.0)], 100)), CancellationToken.None);

        var found = await Query("power", tags, from, to);
        Assert.True(expected.SequenceEqual(found.Select(p => $"{p.Tag("node")}/{p.Tag("device")}@{p.TimestampMs}")), because);
    }

    [Fact]
    public async Task Tag_filters_with_quotes_and_backslashes_are_quoted_for_InfluxQL()
    {
        const string awkward = "it's a \\x \"test\", = ok";
        await _sink.WriteAsync(Lines(new Point("m", [new("job", awkward)], [new("v", 1L)], 10), new Point("m", [new("job", "other")], [new("v", 2L)], 11)), CancellationToken.None);

        var found = Assert.Single(await Query("m", new() { ["job"] = awkward }));
        Assert.Equal(awkward, found.Tag("job"));
    }

    [Fact]
    public async Task Writes_and_reads_a_retention_policy_other_than_the_default()
    {
        _server.Execute($"CREATE DATABASE \"{Database}\"; CREATE RETENTION POLICY \"short\" ON \"{Database}\" DURATION 1h REPLICATION 1");
        using var rp = new InfluxV1Sink(new InfluxV1Settings { Url = _server.Url, Database = Database, RetentionPolicy = "short" });
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await rp.WriteAsync(Lines(new Point("m", [new("node", "n1")], [new("v", 7L)], now)), CancellationToken.None);

        Assert.Equal($"m | node=n1 | v:Int64=7 | {now}", PointText.Describe(Assert.Single(await rp.QueryAsync("m", NoTags, now - 1000, now + 1000, CancellationToken.None))));
        Assert.Empty(await Query("m"));
    }

    [Fact]
    public async Task A_missing_database_is_retryable_without_CreateDatabase_and_created_with_it()
    {
        using var plain = new InfluxV1Sink(new InfluxV1Settings { Url = _server.Url, Database = Database });
        var e = await Assert.ThrowsAsync<SinkException>(() => plain.WriteAsync(Lines(new Point("m", [], [new("v", 1L)], 1)), CancellationToken.None));
        Assert.Equal((404, false, "http_404"), (e.StatusCode, e.Permanent, e.Kind));
        Assert.Contains("database not found", e.Message, StringComparison.Ordinal);

        await _sink.WriteAsync(Lines(new Point("m", [], [new("v", 1L)], 1)), CancellationToken.None);
        await plain.WriteAsync(Lines(new Point("m", [], [new("v", 2L)], 2)), CancellationToken.None);
        Assert.Equal(2, (await Query("m")).Count);
    }

    [Fact]
    public async Task A_batch_the_server_rejects_is_dead_lettered_with_its_error_and_the_other_batches_are_stored()
    {
        using var outbox = new SqliteOutbox(new OutboxSettings { Path = _dir.File("outbox.db") });
        await outbox.AppendAsync([new Point("m", [new("node", "n1")], [new("energy_mj", 1L)], 1)], CancellationToken.None);
        await outbox.AppendAsync([new Point("m", [new("node", "n1")], [new("energy_mj", 2.5)], 2)], CancellationToken.None); // integer field written as float
        await outbox.AppendAsync([new Point("m", [new("node", "n1")], [new("energy_mj", 3L)], 3)], CancellationToken.None);
        var drainer = new OutboxDrainer(outbox, _sink);

        while (await drainer.DrainOnceAsync(CancellationToken.None) != DrainResult.Empty)
        {
        }

        Assert.Equal(["m | node=n1 | energy_mj:Int64=1 | 1", "m | node=n1 | energy_mj:Int64=3 | 3"], (await Query("m")).Select(PointText.Describe));
        var letter = Assert.Single(await outbox.ReadRejectedBatchesAsync(CancellationToken.None));
        Assert.Equal("m,node=n1 energy_mj=2.5 2\n", Encoding.UTF8.GetString(letter.Body.Span));
        Assert.Equal("influxdb1", letter.Sink);
        Assert.Contains("HTTP 400", letter.Error, StringComparison.Ordinal);
        Assert.Contains("field type conflict", letter.Error, StringComparison.Ordinal);
        Assert.Equal((1L, 0L), (drainer.Metrics.DeadLettered, outbox.PendingBatches));
    }

    [Fact]
    public async Task An_unreachable_server_is_a_retryable_network_error()
    {
        using var nowhere = new InfluxV1Sink(new InfluxV1Settings { Url = $"http://127.0.0.1:{FreePort.Next()}", Database = "x" });
        var e = await Assert.ThrowsAsync<SinkException>(() => nowhere.WriteAsync(Lines(new Point("m", [], [new("v", 1L)], 1)), CancellationToken.None));
        Assert.Equal(("network", false), (e.Kind, e.Permanent));
    }
}
