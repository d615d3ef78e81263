using System.Buffers.Binary;
using Microsoft.Data.Sqlite;

namespace Metering.Collector.Storage;

/// <summary>
/// Receipts: the receive times of the messages whose points an append holds, written in the append's transaction, one
/// row per append (16 bytes per message), read back at start-up and deleted by generation (Storage/README.md, "Receipts").
/// </summary>
public sealed partial class SqliteOutbox
{
    private const int ReceiptBytes = 16;

    /// <inheritdoc />
    public IReadOnlyList<(long Generation, MessageReceipt Receipt)> LoadReceipts()
    {
        _dbLock.Wait();
        try
        {
            using var command = _db.CreateCommand();
            command.CommandText = "SELECT generation, body FROM receipt ORDER BY id;";
            using var reader = command.ExecuteReader();
            var receipts = new List<(long, MessageReceipt)>();
            while (reader.Read())
            {
                var generation = reader.GetInt64(0);
                var body = (byte[])reader.GetValue(1);
                for (var at = 0; at + ReceiptBytes <= body.Length; at += ReceiptBytes)
                {
                    receipts.Add((generation, new MessageReceipt(
                        BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(at)), BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(at + 8)))));
                }
            }

            return receipts;
        }
        finally
        {
            _dbLock.Release();
        }
    }

    /// <summary>Writes <paramref name="write"/> inside <paramref name="tx"/>: forgets the generations it names, keeps its receipts.</summary>
    private void WriteReceipts(SqliteTransaction tx, ReceiptWrite write)
    {
        if (write.ForgetThroughGeneration > 0)
        {
            using var forget = _db.CreateCommand();
            forget.Transaction = tx;
            forget.CommandText = "DELETE FROM receipt WHERE generation <= $generation;";
            forget.Parameters.AddWithValue("$generation", write.ForgetThroughGeneration);
            forget.ExecuteNonQuery();
        }

        if (write.Receipts.Count == 0)
        {
            return;
        }

        var body = new byte[write.Receipts.Count * ReceiptBytes];
        for (var i = 0; i < write.Receipts.Count; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(i * ReceiptBytes), write.Receipts[i].Key);
            BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan((i * ReceiptBytes) + 8), write.Receipts[i].ReceivedMs);
        }

        using var insert = _db.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO receipt (generation, body) VALUES ($generation, $body);";
        insert.Parameters.AddWithValue("$generation", write.Generation);
        insert.Parameters.Add("$body", SqliteType.Blob).Value = body;
        insert.ExecuteNonQuery();
    }
}
