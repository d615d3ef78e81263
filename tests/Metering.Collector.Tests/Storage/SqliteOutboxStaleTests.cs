using Metering.Collector.Points;
using Metering.Collector.Storage;

namespace Metering.Collector.Tests.Storage;

/// <summary>
/// A dead letter replayed after a later batch rewrote some of its points must not put their old revision back over
/// the new one: the requeue leaves those points out and says how many.
/// </summary>
public sealed class SqliteOutboxStaleTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_point_rewritten_after_its_batch_was_dead_lettered_is_left_out_of_the_requeue(bool reopen)
    {
        var outbox = Open();
        await outbox.AppendAsync(Revision(1, 1), CancellationToken.None);            // an older revision: delivered before
        await outbox.RemoveAsync(await outbox.PeekAsync(1, long.MaxValue, CancellationToken.None), CancellationToken.None);
        await outbox.AppendAsync(SqliteOutboxTests.Batch(0), CancellationToken.None);
        await outbox.DeadLetterAsync((await outbox.PeekAsync(1, long.MaxValue, CancellationToken.None))[0], "influxdb1", "HTTP 413", CancellationToken.None);
        if (reopen)
        {
            outbox.Dispose();
            outbox = Open();
        }

        await outbox.AppendAsync(Revision(1, 3), CancellationToken.None);            // a newer revision of point 1
        await outbox.RemoveAsync(await outbox.PeekAsync(1, long.MaxValue, CancellationToken.None), CancellationToken.None);

        var replay = await outbox.RequeueDeadLettersAsync(CancellationToken.None);

        Assert.Equal(new DeadLetterReplay(1, 2, 1), replay);
        Assert.Equal([0, 2], Pending(await outbox.PeekAsync(10, long.MaxValue, CancellationToken.None)));
        outbox.Dispose();
    }

    [Fact]
    public async Task A_batch_still_pending_when_an_earlier_one_is_dead_lettered_supersedes_it_too()
    {
        using var outbox = Open();
        await outbox.AppendAsync(SqliteOutboxTests.Batch(0), CancellationToken.None);
        await outbox.AppendAsync(Revision(2, 3), CancellationToken.None);
        await outbox.DeadLetterAsync((await outbox.PeekAsync(1, long.MaxValue, CancellationToken.None))[0], "influxdb1", "HTTP 400", CancellationToken.None);

        var replay = await outbox.RequeueDeadLettersAsync(CancellationToken.None);

        Assert.Equal(new DeadLetterReplay(1, 2, 1), replay);
        var pending = await outbox.PeekAsync(10, long.MaxValue, CancellationToken.None);
        Assert.Equal([2, 0, 1], Pending(pending));
        Assert.Equal(3 * 2000L, LineProtocol.ParseBatch(pending[0].Body.Span)[0].Field("energy_mj"));
    }

    [Fact]
    public async Task A_dead_letter_wholly_rewritten_is_not_requeued_at_all()
    {
        using var outbox = Open();
        await outbox.AppendAsync(SqliteOutboxTests.Batch(5, count: 1), CancellationToken.None);
        await outbox.DeadLetterAsync((await outbox.PeekAsync(1, long.MaxValue, CancellationToken.None))[0], "influxdb1", "HTTP 400", CancellationToken.None);
        await outbox.AppendAsync(Revision(5, 2), CancellationToken.None);

        Assert.Equal(new DeadLetterReplay(1, 0, 1), await outbox.RequeueDeadLettersAsync(CancellationToken.None));
        Assert.Equal([5], Pending(await outbox.PeekAsync(10, long.MaxValue, CancellationToken.None)));
        Assert.Equal(0, outbox.DeadLetterBytes);
    }

    /// <summary>Point <paramref name="i"/> of <see cref="SqliteOutboxTests.Batch"/> (same key) with energy i x 1000 x <paramref name="revision"/>.</summary>
    private static List<Point> Revision(int i, int revision)
    {
        var p = SqliteOutboxTests.Batch(i, count: 1)[0];
        return [p with { Fields = [new("energy_mj", (long)i * 1000 * revision), new("power_mean_mw", 12.5 * i)] }];
    }

    /// <summary>The point numbers pending, in drain order (the timestamp's last digits).</summary>
    private static List<int> Pending(IReadOnlyList<OutboxBatch> batches) =>
        [.. batches.SelectMany(b => LineProtocol.ParseBatch(b.Body.Span)).Select(p => (int)(p.TimestampMs - 1_700_000_000_000))];

    private SqliteOutbox Open() => new(new OutboxSettings { Path = _dir.File("outbox.db") });
}
