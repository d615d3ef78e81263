using System.Text;
using Metering.Collector.Points;
using Metering.Collector.Storage;

namespace Metering.Collector.Tests.Storage;

/// <summary>The durable outbox: order, crash survival, the size bound with backpressure, dead letters.</summary>
public sealed class SqliteOutboxTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A batch of <paramref name="count"/> points numbered from <paramref name="first"/>.</summary>
    internal static List<Point> Batch(int first, int count = 3) =>
        Enumerable.Range(first, count)
            .Select(i => new Point("channel_reading", [new("device", $"d{i % 7}"), new("channel", (i % 4).ToString(System.Globalization.CultureInfo.InvariantCulture))],
                [new("energy_mj", (long)i * 1000), new("power_mean_mw", 12.5 * i)], 1_700_000_000_000 + i))
            .ToList();

    private SqliteOutbox Open(long maxBytes = OutboxSettings.DefaultMaxBytes, string name = "outbox.db") =>
        new(new OutboxSettings { Path = _dir.File(name), MaxBytes = maxBytes });

    [Fact]
    public async Task Batches_come_out_in_append_order_and_are_gone_once_removed()
    {
        using var outbox = Open();
        for (var i = 0; i < 5; i++)
        {
            await outbox.AppendAsync(Batch(i * 10), CancellationToken.None);
        }

        Assert.Equal(5, outbox.PendingBatches);
        Assert.Equal(15, outbox.PendingPoints);
        var peeked = await outbox.PeekAsync(3, long.MaxValue, CancellationToken.None);
        Assert.Equal(Batch(0).Concat(Batch(10)).Concat(Batch(20)).Select(PointText.Canonical),
            peeked.SelectMany(b => LineProtocol.ParseBatch(b.Body.Span)).Select(PointText.Describe));
        Assert.True(peeked[0].Id < peeked[1].Id && peeked[1].Id < peeked[2].Id);

        await outbox.RemoveAsync(peeked, CancellationToken.None);
        Assert.Equal(2, outbox.PendingBatches);
        var rest = await outbox.PeekAsync(10, long.MaxValue, CancellationToken.None);
        Assert.Equal(Batch(30).Concat(Batch(40)).Select(PointText.Canonical), rest.SelectMany(b => LineProtocol.ParseBatch(b.Body.Span)).Select(PointText.Describe));
        Assert.Equal(rest.Sum(b => b.Body.Length), outbox.PendingBytes);
    }

    [Fact]
    public async Task Peek_stops_at_the_byte_limit_but_always_returns_the_oldest_batch()
    {
        using var outbox = Open();
        await outbox.AppendAsync(Batch(0, 50), CancellationToken.None);
        await outbox.AppendAsync(Batch(100, 1), CancellationToken.None);

        var one = await outbox.PeekAsync(10, maxBytes: 10, CancellationToken.None);
        Assert.Single(one);
        Assert.Equal(50, one[0].Points);
    }

    [Fact]
    public async Task Reports_what_is_pending_and_since_when()
    {
        using var outbox = Open();
        Assert.Null(outbox.OldestPendingMs);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await outbox.AppendAsync(Batch(0), CancellationToken.None);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.InRange(outbox.OldestPendingMs!.Value, before, after);
        Assert.Equal(Encoding.UTF8.GetByteCount(string.Concat(Batch(0).Select(p => LineProtocol.ToLine(p) + "\n"))), outbox.PendingBytes);
        await outbox.RemoveAsync(await outbox.PeekAsync(1, long.MaxValue, CancellationToken.None), CancellationToken.None);
        Assert.Null(outbox.OldestPendingMs);
        Assert.Equal(0, outbox.PendingBytes);
    }

    [Fact]
    public async Task A_point_that_cannot_be_written_fails_the_append_and_stores_nothing()
    {
        using var outbox = Open();
        var bad = Batch(0).Append(new Point("m", [], [new("v", double.NaN)], 1)).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => outbox.AppendAsync(bad, CancellationToken.None));
        Assert.Equal(0, outbox.PendingBatches);
        await outbox.AppendAsync(Batch(10), CancellationToken.None);
        Assert.Equal(3, outbox.PendingPoints);
    }

    [Fact]
    public async Task Pending_batches_survive_a_close_without_draining()
    {
        using (var outbox = Open())
        {
            for (var i = 0; i < 4; i++)
            {
                await outbox.AppendAsync(Batch(i * 10), CancellationToken.None);
            }
        }

        using var reopened = Open();
        Assert.Equal(4, reopened.PendingBatches);
        Assert.Equal(12, reopened.PendingPoints);
        var sink = new RecordingSink();
        var drainer = new OutboxDrainer(reopened, sink);
        while (await drainer.DrainOnceAsync(CancellationToken.None) != DrainResult.Empty)
        {
        }

        Assert.Equal(PointText.CanonicalSet(Enumerable.Range(0, 4).SelectMany(i => Batch(i * 10))), PointText.CanonicalSet(sink.Points));
        Assert.Equal(0, reopened.PendingBatches);
    }

    [Fact]
    public async Task Pending_batches_survive_a_kill_the_files_as_a_killed_process_leaves_them_open()
    {
        // A SIGKILL leaves the database and its WAL exactly as they were after the last commit; copying them while the
        // outbox is still open (not checkpointed, lock held) captures that state, and a new outbox opens the copy.
        var crashDir = Path.Combine(_dir.Path, "after-kill");
        Directory.CreateDirectory(crashDir);
        using (var outbox = Open())
        {
            for (var i = 0; i < 6; i++)
            {
                await outbox.AppendAsync(Batch(i * 10), CancellationToken.None);
            }

            await outbox.RemoveAsync(await outbox.PeekAsync(2, long.MaxValue, CancellationToken.None), CancellationToken.None);
            Assert.True(File.Exists(_dir.File("outbox.db-wal")), "the commits are in the WAL, not yet checkpointed");
            foreach (var file in Directory.GetFiles(_dir.Path, "outbox.db*"))
            {
                File.Copy(file, Path.Combine(crashDir, Path.GetFileName(file)));
            }
        }

        using var restarted = new SqliteOutbox(new OutboxSettings { Path = Path.Combine(crashDir, "outbox.db") });
        Assert.Equal(4, restarted.PendingBatches);
        var sink = new RecordingSink();
        var drainer = new OutboxDrainer(restarted, sink);
        while (await drainer.DrainOnceAsync(CancellationToken.None) != DrainResult.Empty)
        {
        }

        Assert.Equal(PointText.CanonicalSet(Enumerable.Range(2, 4).SelectMany(i => Batch(i * 10))), PointText.CanonicalSet(sink.Points));
    }

    [Fact]
    public void A_second_outbox_on_the_same_file_is_refused()
    {
        using var first = Open();
        var e = Assert.Throws<IOException>(() => Open());
        Assert.Contains("outbox.db", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_full_an_append_waits_reports_it_and_completes_once_the_drainer_frees_space()
    {
        var batches = new[] { Batch(0), Batch(10), Batch(20) };
        var bytes = batches.Sum(b => Encoding.UTF8.GetByteCount(string.Concat(b.Select(p => LineProtocol.ToLine(p) + "\n"))));
        using var outbox = Open(maxBytes: bytes + 10);
        foreach (var b in batches)
        {
            await outbox.AppendAsync(b, CancellationToken.None).WaitAsync(Patience);
        }

        Assert.False(outbox.IsFull);
        var blocked = outbox.AppendAsync(Batch(0), CancellationToken.None); // the same size as the batch the drainer removes

        await WaitUntil(() => outbox.IsFull, "the outbox reports itself full");
        Assert.False(blocked.IsCompleted);
        Assert.Equal(3, outbox.PendingBatches);
        Assert.Equal(1, outbox.FullEpisodes);

        var drainer = new OutboxDrainer(outbox, new RecordingSink(), new DrainerSettings { MaxBatchesPerWrite = 1 });
        Assert.Equal(DrainResult.Written, await drainer.DrainOnceAsync(CancellationToken.None));
        await blocked.WaitAsync(Patience);

        Assert.False(outbox.IsFull);
        Assert.Equal(3, outbox.PendingBatches);
        Assert.True(outbox.BlockedTime > TimeSpan.Zero);
        Assert.Equal(1, outbox.FullEpisodes);
    }

    [Fact]
    public async Task Under_a_tight_bound_every_point_appended_reaches_the_sink_once_in_order()
    {
        using var outbox = Open(maxBytes: 2048);
        var sink = new RecordingSink();
        var drainer = new OutboxDrainer(outbox, sink, new DrainerSettings { MaxBatchesPerWrite = 2 });
        var appended = new List<Point>();
        var appending = Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                var batch = Batch(i * 10, 5);
                await outbox.AppendAsync(batch, CancellationToken.None);
                appended.AddRange(batch);
            }
        });
        await WaitUntil(() => outbox.IsFull, "the appends fill the outbox");
        using var stop = new CancellationTokenSource();
        var draining = drainer.RunAsync(stop.Token);
        await appending.WaitAsync(Patience);
        await WaitUntil(() => outbox.PendingBatches == 0, "the outbox drains");
        stop.Cancel();
        await draining;

        Assert.True(outbox.FullEpisodes >= 1);
        Assert.Equal(appended.Select(PointText.Canonical), sink.Points.Select(PointText.Describe));
        Assert.Equal(1000, drainer.Metrics.PointsWritten);
    }

    [Fact]
    public async Task A_batch_larger_than_the_bound_is_admitted_alone_rather_than_never()
    {
        using var outbox = Open(maxBytes: 100);
        await outbox.AppendAsync(Batch(0, 20), CancellationToken.None).WaitAsync(Patience);
        Assert.Equal(20, outbox.PendingPoints);
    }

    [Fact]
    public async Task Cancelling_a_blocked_append_stores_nothing()
    {
        using var outbox = Open(maxBytes: 100);
        await outbox.AppendAsync(Batch(0, 20), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var blocked = outbox.AppendAsync(Batch(100), cancel.Token);
        await WaitUntil(() => outbox.IsFull, "the append waits");

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocked);
        Assert.Equal(1, outbox.PendingBatches);
        Assert.False(outbox.IsFull);
    }

    [Fact]
    public async Task A_dead_letter_keeps_the_batch_and_the_error_and_can_be_requeued()
    {
        using var outbox = Open();
        await outbox.AppendAsync(Batch(0), CancellationToken.None);
        await outbox.AppendAsync(Batch(10), CancellationToken.None);
        var first = (await outbox.PeekAsync(1, long.MaxValue, CancellationToken.None))[0];

        await outbox.DeadLetterAsync(first, "influxdb1", "HTTP 400: field type conflict", CancellationToken.None);
        Assert.Equal(1, outbox.PendingBatches);
        Assert.Equal(first.Body.Length, outbox.DeadLetterBytes);
        var letter = Assert.Single(await outbox.ReadRejectedBatchesAsync(CancellationToken.None));
        Assert.Equal(("influxdb1", "HTTP 400: field type conflict", 3, first.Id), (letter.Sink, letter.Error, letter.Points, letter.BatchId));
        Assert.Equal(first.Body.ToArray(), letter.Body.ToArray());

        Assert.Equal(new DeadLetterReplay(1, 3, 0), await outbox.RequeueDeadLettersAsync(CancellationToken.None));
        Assert.Empty(await outbox.ReadRejectedBatchesAsync(CancellationToken.None));
        Assert.Equal(0, outbox.DeadLetterBytes);
        var order = await outbox.PeekAsync(10, long.MaxValue, CancellationToken.None);
        Assert.Equal(Batch(10).Concat(Batch(0)).Select(PointText.Canonical), order.SelectMany(b => LineProtocol.ParseBatch(b.Body.Span)).Select(PointText.Describe));
    }

    [Theory]
    [InlineData("", 1L, "Storage:Outbox:Path is required")]
    [InlineData("x.db", 0L, "Storage:Outbox:MaxBytes must be positive")]
    public void Invalid_settings_name_the_setting(string path, long maxBytes, string message)
    {
        var errors = new OutboxSettings { Path = path, MaxBytes = maxBytes }.Validate();
        Assert.Contains(errors, e => e.StartsWith(message, StringComparison.Ordinal));
    }

    internal static async Task WaitUntil(Func<bool> condition, string what, TimeSpan? patience = null)
    {
        var limit = patience ?? Patience;
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited {limit} until {what}");
            }

            await Task.Delay(10);
        }
    }
}
