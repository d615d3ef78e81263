using Microsoft.Data.Sqlite;

namespace Metering.Collector.Storage;

/// <summary>
/// Refused and dropped messages, kept with their raw payload for inspection (ARCHITECTURE.md, invariant 3), in the
/// collector's SQLite database. Bounded: beyond <c>capacity</c> rows the oldest are deleted (and counted), so a
/// flood of garbage cannot fill the disk; the per-reason counters in /metrics keep the totals.
/// </summary>
public sealed class DeadLetterStore : IDisposable
{
    private readonly SqliteConnection _db;
    private readonly int _capacity;
    private readonly Lock _lock = new();

    /// <summary>Opens (creating) the store in the database at <paramref name="path"/>.</summary>
    public DeadLetterStore(string path, int capacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _db = new SqliteConnection($"Data Source={path}");
        _db.Open();
        Execute("""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS dead_letters(
              id INTEGER PRIMARY KEY AUTOINCREMENT, received_ms INTEGER NOT NULL, topic TEXT NOT NULL,
              reason TEXT NOT NULL, detail TEXT, payload BLOB NOT NULL);
            """);
    }

    /// <summary>Letters deleted to respect the capacity since start.</summary>
    public long Evicted { get; private set; }

    /// <summary>Stores one refused message.</summary>
    public void Add(long receivedMs, string topic, string reason, string? detail, ReadOnlySpan<byte> payload)
    {
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            using (var insert = _db.CreateCommand())
            {
                insert.CommandText = "INSERT INTO dead_letters(received_ms, topic, reason, detail, payload) VALUES($t, $topic, $reason, $detail, $payload)";
                insert.Parameters.AddWithValue("$t", receivedMs);
                insert.Parameters.AddWithValue("$topic", topic);
                insert.Parameters.AddWithValue("$reason", reason);
                insert.Parameters.AddWithValue("$detail", (object?)detail ?? DBNull.Value);
                insert.Parameters.AddWithValue("$payload", payload.ToArray());
                insert.ExecuteNonQuery();
            }

            using (var trim = _db.CreateCommand())
            {
                trim.CommandText = "DELETE FROM dead_letters WHERE id <= (SELECT MAX(id) FROM dead_letters) - $cap";
                trim.Parameters.AddWithValue("$cap", _capacity);
                Evicted += trim.ExecuteNonQuery();
            }

            tx.Commit();
        }
    }

    /// <summary>The newest letters, newest first, optionally of one reason, and only those older than <paramref name="beforeId"/> (the next page).</summary>
    public IReadOnlyList<RefusedMessage> Recent(int limit, string? reason = null, long? beforeId = null)
    {
        lock (_lock)
        {
            using var query = _db.CreateCommand();
            query.CommandText = "SELECT id, received_ms, topic, reason, detail, payload FROM dead_letters WHERE 1 = 1"
                + (reason is null ? "" : " AND reason = $reason") + (beforeId is null ? "" : " AND id < $before") + " ORDER BY id DESC LIMIT $limit";
            query.Parameters.AddWithValue("$limit", limit);
            if (reason is not null)
            {
                query.Parameters.AddWithValue("$reason", reason);
            }

            if (beforeId is not null)
            {
                query.Parameters.AddWithValue("$before", beforeId.Value);
            }

            var letters = new List<RefusedMessage>();
            using var r = query.ExecuteReader();
            while (r.Read())
            {
                letters.Add(new RefusedMessage(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), (byte[])r[5]));
            }

            return letters;
        }
    }

    /// <summary>Letters stored now.</summary>
    public long Count
    {
        get
        {
            lock (_lock)
            {
                using var c = _db.CreateCommand();
                c.CommandText = "SELECT COUNT(*) FROM dead_letters";
                return (long)c.ExecuteScalar()!;
            }
        }
    }

    private void Execute(string sql)
    {
        using var c = _db.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void Dispose() => _db.Dispose();
}
