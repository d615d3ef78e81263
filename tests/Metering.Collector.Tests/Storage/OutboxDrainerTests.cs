using Metering.Collector.Points;
using Metering.Collector.Storage;

namespace Metering.Collector.Tests.Storage;

/// <summary>The drainer: grouping, retry on failure, dead-lettering a permanently rejected batch, metrics.</summary>
public sealed class OutboxDrainerTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly SqliteOutbox _outbox;

    public OutboxDrainerTests() => _outbox = new SqliteOutbox(new OutboxSettings { Path = _dir.File("outbox.db") });

    public void Dispose()
    {
        _outbox.Dispose();
        _dir.Dispose();
    }

    private async Task AppendBatches(int count, int first = 0)
    {
        for (var i = first; i < first + count; i++)
        {
            await _outbox.AppendAsync(SqliteOutboxTests.Batch(i * 10), CancellationToken.None);
        }
    }

    private static IEnumerable<Point> Expected(int count, int first = 0) =>
        Enumerable.Range(first, count).SelectMany(i => SqliteOutboxTests.Batch(i * 10));

    [Fact]
    public async Task Consecutive_batches_go_to_the_sink_in_groups_oldest_first()
    {
        await AppendBatches(7);
        var sink = new RecordingSink();
        var drainer = new OutboxDrainer(_outbox, sink, new DrainerSettings { MaxBatchesPerWrite = 3 });

        Assert.Equal(DrainResult.Written, await drainer.DrainOnceAsync(CancellationToken.None));
        Assert.Equal(DrainResult.Written, await drainer.DrainOnceAsync(CancellationToken.None));
        Assert.Equal(DrainResult.Written, await drainer.DrainOnceAsync(CancellationToken.None));
        Assert.Equal(DrainResult.Empty, await drainer.DrainOnceAsync(CancellationToken.None));

        Assert.Equal([9, 9, 3], sink.Writes.Select(w => w.Count(c => c == '\n')));
        Assert.Equal(Expected(7).Select(PointText.Canonical), sink.Points.Select(PointText.Describe));
        Assert.Equal((7L, 21L, 3L), (drainer.Metrics.BatchesWritten, drainer.Metrics.PointsWritten, drainer.Metrics.Writes));
        Assert.Equal(0, _outbox.PendingBatches);
    }

    [Fact]
    public async Task A_failed_write_keeps_the_batches_counts_the_error_and_the_retry_stores_them()
    {
        await AppendBatches(2);
        var sink = RecordingSink.FailingFirst(2);
        var drainer = new OutboxDrainer(_outbox, sink);

        Assert.Equal(DrainResult.Failed, await drainer.DrainOnceAsync(CancellationToken.None));
        Assert.Equal(DrainResult.Failed, await drainer.DrainOnceAsync(CancellationToken.None));
        Assert.Equal(2, _outbox.PendingBatches);
        Assert.Equal(2, drainer.Metrics.ConsecutiveFailures);
        Assert.Equal(2, drainer.Metrics.ErrorsByKind["network"]);
        Assert.Contains("connection refused", drainer.Metrics.LastError, StringComparison.Ordinal);
        Assert.NotNull(drainer.Metrics.LastErrorMs);

        Assert.Equal(DrainResult.Written, await drainer.DrainOnceAsync(CancellationToken.None));
        Assert.Equal(0, drainer.Metrics.ConsecutiveFailures);
        Assert.Equal(Expected(2).Select(PointText.Canonical), sink.Points.Select(PointText.Describe));
        Assert.Equal(0, _outbox.PendingBatches);
    }

    [Fact]
    public async Task Any_exception_from_a_sink_is_retried_not_dropped()
    {
        await AppendBatches(1);
        var calls = 0;
        var sink = new RecordingSink(_ => ++calls == 1 ? new InvalidOperationException("surprise") : null);
        var drainer = new OutboxDrainer(_outbox, sink);

        Assert.Equal(DrainResult.Failed, await drainer.DrainOnceAsync(CancellationToken.None));
        Assert.Equal(1, drainer.Metrics.ErrorsByKind["InvalidOperationException"]);
        Assert.Equal(DrainResult.Written, await drainer.DrainOnceAsync(CancellationToken.None));
        Assert.Equal(3, sink.Points.Count);
    }

    [Fact]
    public async Task A_permanently_rejected_batch_is_isolated_dead_lettered_with_the_error_and_the_rest_flows()
    {
        await AppendBatches(2);
        await _outbox.AppendAsync([new Point("bad", [], [new("v", 1L)], 1)], CancellationToken.None);
        await AppendBatches(2, first: 2);
        var sink = new RecordingSink(text => text.Contains("bad v=1i", StringComparison.Ordinal)
            ? new SinkException("http_400", "influxdb1 rejected the batch: HTTP 400: field type conflict", permanent: true, 400) : null);
        var drainer = new OutboxDrainer(_outbox, sink, new DrainerSettings { MaxBatchesPerWrite = 10 });

        var steps = new List<DrainResult>();
        DrainResult step;
        while ((step = await drainer.DrainOnceAsync(CancellationToken.None)) != DrainResult.Empty)
        {
            steps.Add(step);
        }

        Assert.Equal([DrainResult.Isolating, DrainResult.Written, DrainResult.Written, DrainResult.DeadLettered, DrainResult.Written, DrainResult.Written], steps);
        Assert.Equal(Expected(4).Select(PointText.Canonical), sink.Points.Select(PointText.Describe));
        var letter = Assert.Single(await _outbox.ReadRejectedBatchesAsync(CancellationToken.None));
        Assert.Equal("bad v=1i 1\n", System.Text.Encoding.UTF8.GetString(letter.Body.Span));
        Assert.Equal(("recording", "influxdb1 rejected the batch: HTTP 400: field type conflict"), (letter.Sink, letter.Error));
        Assert.Equal(1, drainer.Metrics.DeadLettered);
        Assert.Equal(2, drainer.Metrics.ErrorsByKind["http_400"]);
        Assert.Equal(0, drainer.Metrics.ConsecutiveFailures);
        Assert.Equal(0, _outbox.PendingBatches);
    }

    [Fact]
    public async Task The_loop_waits_for_appends_backs_off_after_failures_and_drains_everything()
    {
        var sink = RecordingSink.FailingFirst(4);
        var drainer = new OutboxDrainer(_outbox, sink, new DrainerSettings { InitialBackoff = TimeSpan.FromMilliseconds(5), MaxBackoff = TimeSpan.FromMilliseconds(40) });
        using var stop = new CancellationTokenSource();
        var loop = drainer.RunAsync(stop.Token);

        await AppendBatches(3);
        await SqliteOutboxTests.WaitUntil(() => _outbox.PendingBatches == 0, "the loop drains after the sink recovers");
        await AppendBatches(2, first: 3);
        await SqliteOutboxTests.WaitUntil(() => _outbox.PendingBatches == 0, "the loop wakes for new batches");
        stop.Cancel();
        await loop;

        Assert.Equal(PointText.CanonicalSet(Expected(5)), PointText.CanonicalSet(sink.Points));
        Assert.Equal(4, drainer.Metrics.ErrorsByKind["network"]);
        Assert.True(sink.Attempts.Count >= 6);
    }

    [Fact]
    public void Invalid_settings_name_the_setting()
    {
        var errors = new DrainerSettings { MaxBatchesPerWrite = 0, InitialBackoff = TimeSpan.FromSeconds(10), MaxBackoff = TimeSpan.FromSeconds(1) }.Validate();
        Assert.Equal(
            ["Storage:Drain:MaxBatchesPerWrite must be at least 1; it is 0", "Storage:Drain:MaxBackoff must be at least InitialBackoff; it is 00:00:01"],
            errors);
    }
}
