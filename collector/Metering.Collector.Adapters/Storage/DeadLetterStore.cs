using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Metering.Collector.Storage;

/// <summary>
/// Refused messages and set-aside items, kept for inspection (ARCHITECTURE.md, invariant 3) in the collector's SQLite
/// database. Bounded in bytes and in rows: each letter keeps at most <see cref="KeptPayloadBytes"/> of its payload
/// with the payload's full size and SHA-256 (so a 50 MB refusal costs 4 KB), its topic and detail are cut to
/// <see cref="MaxTopicChars"/> and <see cref="MaxDetailChars"/>, and beyond <c>maxBytes</c> or <c>capacity</c> the
/// oldest letters are deleted (and counted in <see cref="Evicted"/>), so a flood cannot fill the disk; the per-reason
/// counters in /metrics keep the totals.
/// </summary>
public sealed class DeadLetterStore : IDisposable
{
    /// <summary>Payload bytes kept per letter.</summary>
    public const int KeptPayloadBytes = 4096;

    /// <summary>Topic characters kept per letter.</summary>
    public const int MaxTopicChars = 512;

    /// <summary>Detail characters kept per letter.</summary>
    public const int MaxDetailChars = 2048;

    /// <summary>Default bound on the letters' kept bytes: 64 MiB.</summary>
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    private readonly SqliteConnection _db;
    private readonly int _capacity;
    private readonly long _maxBytes;
    private readonly Lock _lock = new();
    private long _bytes;

    /// <summary>Opens (creating) the store in the database at <paramref name="path"/>.</summary>
    public DeadLetterStore(string path, int capacity = 10_000, long maxBytes = DefaultMaxBytes)
        : this(new SqliteConnection($"Data Source={path}"), capacity, maxBytes)
    {
        _db.Open();
        Execute("""
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS dead_letters(
              id INTEGER PRIMARY KEY AUTOINCREMENT, received_ms INTEGER NOT NULL, topic TEXT NOT NULL,
              reason TEXT NOT NULL, detail TEXT, payload BLOB NOT NULL);
            """);
        var columns = Query("SELECT name FROM pragma_table_info('dead_letters')", r => r.GetString(0));
        if (!columns.Contains("payload_bytes"))
        {
            // Letters written before the bound kept their whole payload: its length is its size; no hash was kept.
            Execute("ALTER TABLE dead_letters ADD COLUMN payload_bytes INTEGER; ALTER TABLE dead_letters ADD COLUMN payload_sha256 TEXT;"
                + "UPDATE dead_letters SET payload_bytes = length(payload);");
        }

        _bytes = Query("SELECT COALESCE(SUM(length(payload) + length(CAST(topic AS BLOB)) + COALESCE(length(CAST(detail AS BLOB)), 0)), 0) FROM dead_letters", r => r.GetInt64(0))[0];
        Trim();
    }

    private DeadLetterStore(SqliteConnection db, int capacity, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, KeptPayloadBytes + ((MaxTopicChars + MaxDetailChars) * 4L));
        (_db, _capacity, _maxBytes) = (db, capacity, maxBytes);
    }

    /// <summary>
    /// Opens the letters at <paramref name="path"/> for reading only (<see cref="SqliteFiles.OpenReadOnly"/>), as
    /// <c>metering dead-letters</c> does: <see cref="Recent"/> and <see cref="Count"/> work, adding does not.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file is missing.</exception>
    /// <exception cref="Microsoft.Data.Sqlite.SqliteException">The file cannot be read, or is not a SQLite database.</exception>
    public static DeadLetterStore OpenReadOnly(string path) => new(SqliteFiles.OpenReadOnly(path), 10_000, DefaultMaxBytes);

    /// <summary>Letters deleted to respect the bounds since start.</summary>
    public long Evicted { get; private set; }

    /// <summary>Bytes the kept letters hold (payloads, topics, details).</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>Stores one refused message (its payload cut to <see cref="KeptPayloadBytes"/>, with size and hash).</summary>
    public void Add(long receivedMs, string topic, string reason, string? detail, ReadOnlySpan<byte> payload)
    {
        var kept = payload.Length <= KeptPayloadBytes ? payload : payload[..KeptPayloadBytes];
        var hash = Convert.ToHexStringLower(SHA256.HashData(payload));
        topic = Cut(topic, MaxTopicChars);
        detail = detail is null ? null : Cut(detail, MaxDetailChars);
        lock (_lock)
        {
            using var tx = _db.BeginTransaction();
            using (var insert = _db.CreateCommand())
            {
                insert.CommandText = "INSERT INTO dead_letters(received_ms, topic, reason, detail, payload, payload_bytes, payload_sha256) "
                    + "VALUES($t, $topic, $reason, $detail, $payload, $size, $hash)";
                insert.Parameters.AddWithValue("$t", receivedMs);
                insert.Parameters.AddWithValue("$topic", topic);
                insert.Parameters.AddWithValue("$reason", reason);
                insert.Parameters.AddWithValue("$detail", (object?)detail ?? DBNull.Value);
                insert.Parameters.AddWithValue("$payload", kept.ToArray());
                insert.Parameters.AddWithValue("$size", (long)payload.Length);
                insert.Parameters.AddWithValue("$hash", hash);
                insert.ExecuteNonQuery();
            }

            _bytes += kept.Length + Encoding.UTF8.GetByteCount(topic) + (detail is null ? 0 : Encoding.UTF8.GetByteCount(detail));
            Trim();
            tx.Commit();
        }
    }

    /// <summary>The newest letters, newest first, optionally of one reason, and only those older than <paramref name="beforeId"/> (the next page).</summary>
    public IReadOnlyList<RefusedMessage> Recent(int limit, string? reason = null, long? beforeId = null)
    {
        lock (_lock)
        {
            return Query("SELECT id, received_ms, topic, reason, detail, payload, payload_bytes, payload_sha256 FROM dead_letters WHERE 1 = 1"
                + (reason is null ? "" : " AND reason = $reason") + (beforeId is null ? "" : " AND id < $before") + " ORDER BY id DESC LIMIT $limit",
                r => new RefusedMessage(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), (byte[])r[5],
                    r.IsDBNull(6) ? ((byte[])r[5]).Length : r.GetInt64(6), r.IsDBNull(7) ? null : r.GetString(7)),
                ("$limit", limit), ("$reason", reason), ("$before", beforeId));
        }
    }

    /// <summary>Letters stored now.</summary>
    public long Count
    {
        get
        {
            lock (_lock)
            {
                return Query("SELECT COUNT(*) FROM dead_letters", r => r.GetInt64(0))[0];
            }
        }
    }

    /// <summary>Deletes the oldest letters until both bounds hold.</summary>
    private void Trim()
    {
        while (true)
        {
            var (count, oldest) = Query("SELECT COUNT(*), MIN(id) FROM dead_letters", r => (r.GetInt64(0), r.IsDBNull(1) ? 0 : r.GetInt64(1)))[0];
            if (count == 0 || (count <= _capacity && _bytes <= _maxBytes))
            {
                return;
            }

            var size = Query("SELECT length(payload) + length(CAST(topic AS BLOB)) + COALESCE(length(CAST(detail AS BLOB)), 0) FROM dead_letters WHERE id = $id",
                r => r.GetInt64(0), ("$id", oldest))[0];
            Query("DELETE FROM dead_letters WHERE id = $id", r => 0, ("$id", oldest));
            _bytes -= size;
            Evicted++;
        }
    }

    private static string Cut(string text, int chars) =>
        text.Length <= chars ? text : text[..(char.IsHighSurrogate(text[chars - 1]) ? chars - 1 : chars)] + "...";

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var c = _db.CreateCommand();
        c.CommandText = sql;
        foreach (var (name, value) in parameters.Where(p => sql.Contains(p.Name, StringComparison.Ordinal)))
        {
            c.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        var rows = new List<T>();
        using var r = c.ExecuteReader();
        while (r.Read())
        {
            rows.Add(read(r));
        }

        return rows;
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
