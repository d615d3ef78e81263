using System.Text;
using Metering.Collector.Points;
using Microsoft.Data.Sqlite;

namespace Metering.Collector.Storage;

/// <summary>
/// Which dead-lettered points were rewritten since (README.md, "Permanent rejections"). Points are keyed by
/// measurement, tags and time, and a later batch may hold a newer revision of a point in a dead letter (a
/// re-attribution, a job summary that grew). Replaying the dead letter afterwards would put the old revision back over
/// the new one, so the outbox remembers, per key of a dead-lettered point, the first later batch that wrote it
/// (table <c>superseded</c>), and a requeue drops the lines those batches superseded. Costs nothing while there are no
/// dead letters; bounded by them (they count against the outbox's bound).
/// </summary>
public sealed partial class SqliteOutbox
{
    /// <summary>Keys of dead-lettered points no later batch has written yet (under <see cref="_dbLock"/>).</summary>
    private readonly HashSet<string> _deadKeys = new(StringComparer.Ordinal);

    /// <summary>The key a sink stores <paramref name="point"/> under: measurement, tags, timestamp.</summary>
    internal static string KeyOf(Point point)
    {
        var key = new StringBuilder(point.Measurement);
        foreach (var tag in point.Tags)
        {
            key.Append('\0').Append(tag.Key).Append('=').Append(tag.Value);
        }

        return key.Append('\0').Append(point.TimestampMs).ToString();
    }

    /// <summary>The keys of a batch body, or none where it does not parse (then nothing of it can be judged stale).</summary>
    private static IEnumerable<string> KeysOf(ReadOnlySpan<byte> body)
    {
        try
        {
            return LineProtocol.ParseBatch(body).Select(KeyOf);
        }
        catch (FormatException)
        {
            return [];
        }
    }

    /// <summary>At open: the keys of every dead letter that no later batch superseded.</summary>
    private void LoadDeadKeys()
    {
        using var command = _db.CreateCommand();
        command.CommandText = "SELECT batch_id, body FROM dead_letter ORDER BY id;";
        using var r = command.ExecuteReader();
        while (r.Read())
        {
            var batchId = r.GetInt64(0);
            foreach (var key in KeysOf((byte[])r.GetValue(1)).Where(k => !Superseded(null, k, batchId)))
            {
                _deadKeys.Add(key);
            }
        }
    }

    /// <summary>In <paramref name="tx"/>: batch <paramref name="batchId"/>, just stored, supersedes the dead keys it writes.</summary>
    private void Supersede(SqliteTransaction tx, ReadOnlySpan<byte> body, long batchId)
    {
        if (_deadKeys.Count == 0)
        {
            return;
        }

        foreach (var key in KeysOf(body).Where(_deadKeys.Contains).ToList())
        {
            Record(tx, key, batchId);
            _deadKeys.Remove(key);
        }
    }

    /// <summary>
    /// In <paramref name="tx"/>: batch <paramref name="deadBatchId"/> was dead-lettered. Its keys that a batch still
    /// pending after it writes are superseded now; the rest wait for a later batch.
    /// </summary>
    private void TrackDeadLetter(SqliteTransaction tx, ReadOnlySpan<byte> body, long deadBatchId)
    {
        var keys = KeysOf(body).ToHashSet(StringComparer.Ordinal);
        using var later = _db.CreateCommand();
        later.Transaction = tx;
        later.CommandText = "SELECT id, body FROM batch WHERE id > $id ORDER BY id;";
        later.Parameters.AddWithValue("$id", deadBatchId);
        using (var r = later.ExecuteReader())
        {
            while (r.Read() && keys.Count > 0)
            {
                var id = r.GetInt64(0);
                foreach (var key in KeysOf((byte[])r.GetValue(1)).Where(keys.Contains).ToList())
                {
                    Record(tx, key, id);
                    keys.Remove(key);
                }
            }
        }

        _deadKeys.UnionWith(keys);
    }

    /// <summary>True when a batch after <paramref name="batchId"/> wrote <paramref name="key"/>.</summary>
    private bool Superseded(SqliteTransaction? tx, string key, long batchId)
    {
        using var command = _db.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT 1 FROM superseded WHERE key = $key AND by_batch > $id LIMIT 1;";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$id", batchId);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>
    /// In <paramref name="tx"/>: the body of a dead letter of batch <paramref name="batchId"/> without the lines a later
    /// batch superseded, and how many were dropped (the body as it was where it does not parse).
    /// </summary>
    private (byte[] Body, int Points, int Stale) WithoutStale(SqliteTransaction tx, byte[] body, int points, long batchId)
    {
        List<Point> parsed;
        try
        {
            parsed = LineProtocol.ParseBatch(body);
        }
        catch (FormatException)
        {
            return (body, points, 0);
        }

        var fresh = parsed.Where(p => !Superseded(tx, KeyOf(p), batchId)).ToList();
        if (fresh.Count == parsed.Count)
        {
            return (body, points, 0);
        }

        var buffer = new LineProtocolBuffer();
        buffer.AppendRange(fresh);
        return (buffer.Written.ToArray(), fresh.Count, parsed.Count - fresh.Count);
    }

    private void Record(SqliteTransaction tx, string key, long byBatch)
    {
        using var insert = _db.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO superseded (key, by_batch) VALUES ($key, $by);";
        insert.Parameters.AddWithValue("$key", key);
        insert.Parameters.AddWithValue("$by", byBatch);
        insert.ExecuteNonQuery();
    }
}
