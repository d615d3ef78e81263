using Metering.Collector.Points;
using Metering.Collector.Storage;
using Microsoft.Data.Sqlite;

namespace Metering.Collector.Tests.Storage;

/// <summary>
/// The outbox keeps the receive times of the messages behind an append in the append's own transaction, gives them back
/// after a restart, and deletes whole generations; an outbox file written before receipts opens unchanged.
/// </summary>
public sealed class OutboxReceiptTests
{
    private static readonly Point[] Points = [new Point("channel_reading", [new Tag("device", "d")], [new Field("energy_mj", 1L)], 1_000)];

    [Fact]
    public async Task Receipts_appended_with_points_come_back_after_the_outbox_is_reopened()
    {
        using var dir = new TempFolder();
        var settings = new OutboxSettings { Path = dir.File("outbox.db") };
        using (var outbox = new SqliteOutbox(settings))
        {
            await outbox.AppendAsync(Points, new ReceiptWrite(3, [new MessageReceipt(-5, 1_000), new MessageReceipt(long.MaxValue, 2_000)], 0), CancellationToken.None);
            await outbox.AppendAsync(Points, new ReceiptWrite(4, [new MessageReceipt(9, 3_000)], 0), CancellationToken.None);
        }

        using var reopened = new SqliteOutbox(settings);

        Assert.Equal([(3L, new MessageReceipt(-5, 1_000)), (3L, new MessageReceipt(long.MaxValue, 2_000)), (4L, new MessageReceipt(9, 3_000))], reopened.LoadReceipts());
        Assert.Equal(2, reopened.PendingBatches);
    }

    [Fact]
    public async Task An_append_deletes_the_generations_its_write_forgets()
    {
        using var dir = new TempFolder();
        using var outbox = new SqliteOutbox(new OutboxSettings { Path = dir.File("outbox.db") });
        await outbox.AppendAsync(Points, new ReceiptWrite(1, [new MessageReceipt(1, 1_000)], 0), CancellationToken.None);
        await outbox.AppendAsync(Points, new ReceiptWrite(2, [new MessageReceipt(2, 2_000)], 0), CancellationToken.None);

        await outbox.AppendAsync(Points, new ReceiptWrite(3, [new MessageReceipt(3, 3_000)], 1), CancellationToken.None);

        Assert.Equal([2L, 3L], outbox.LoadReceipts().Select(r => r.Receipt.Key));
    }

    [Fact]
    public async Task An_outbox_file_from_before_receipts_opens_with_its_batches_and_takes_receipts()
    {
        using var dir = new TempFolder();
        var path = dir.File("outbox.db");
        using (var db = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            db.Open();
            using var create = db.CreateCommand();
            create.CommandText = """
                CREATE TABLE batch (id INTEGER PRIMARY KEY AUTOINCREMENT, created_ms INTEGER NOT NULL, points INTEGER NOT NULL, bytes INTEGER NOT NULL, body BLOB NOT NULL);
                CREATE TABLE dead_letter (id INTEGER PRIMARY KEY AUTOINCREMENT, batch_id INTEGER NOT NULL, created_ms INTEGER NOT NULL, failed_ms INTEGER NOT NULL,
                    points INTEGER NOT NULL, bytes INTEGER NOT NULL, sink TEXT NOT NULL, error TEXT NOT NULL, body BLOB NOT NULL);
                INSERT INTO batch (created_ms, points, bytes, body) VALUES (1, 1, 4, x'610a0a0a');
                PRAGMA user_version = 1;
                """;
            create.ExecuteNonQuery();
        }

        using var outbox = new SqliteOutbox(new OutboxSettings { Path = path });
        await outbox.AppendAsync(Points, new ReceiptWrite(1, [new MessageReceipt(1, 1_000)], 0), CancellationToken.None);

        Assert.Equal(2, outbox.PendingBatches);
        Assert.Single(outbox.LoadReceipts());
    }
}
