using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Storage;

/// <summary>The drain side of the outbox, used by <see cref="OutboxDrainer"/>: read oldest first, remove, set aside.</summary>
public sealed partial class SqliteOutbox
{
    /// <summary>
    /// The oldest pending batches, in append order: at most <paramref name="maxBatches"/>, and no more than
    /// <paramref name="maxBytes"/> in all unless the first alone is larger (it is still returned). Empty when none.
    /// </summary>
    public async Task<IReadOnlyList<OutboxBatch>> PeekAsync(int maxBatches, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatches, 1);
        var batches = new List<OutboxBatch>();
        await _dbLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _db.CreateCommand();
            command.CommandText = "SELECT id, created_ms, points, body FROM batch ORDER BY id LIMIT $n;";
            command.Parameters.AddWithValue("$n", maxBatches);
            using var reader = command.ExecuteReader();
            long total = 0;
            while (reader.Read())
            {
                var body = (byte[])reader.GetValue(3);
                if (batches.Count > 0 && total + body.Length > maxBytes)
                {
                    break;
                }

                total += body.Length;
                batches.Add(new OutboxBatch(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), body));
            }
        }
        finally
        {
            _dbLock.Release();
        }

        return batches;
    }

    /// <summary>Removes batches the sink stored (one transaction) and wakes appends waiting for space.</summary>
    public async Task RemoveAsync(IReadOnlyList<OutboxBatch> batches, CancellationToken cancellationToken)
    {
        await _dbLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var tx = _db.BeginTransaction();
            using var delete = _db.CreateCommand();
            delete.Transaction = tx;
            delete.CommandText = "DELETE FROM batch WHERE id = $id;";
            var id = delete.Parameters.Add("$id", SqliteType.Integer);
            long bytes = 0, points = 0, removed = 0;
            foreach (var b in batches)
            {
                id.Value = b.Id;
                if (delete.ExecuteNonQuery() == 1)
                {
                    removed++;
                    bytes += b.Body.Length;
                    points += b.Points;
                }
            }

            tx.Commit();
            Interlocked.Add(ref _pendingBatches, -removed);
            Interlocked.Add(ref _pendingBytes, -bytes);
            Interlocked.Add(ref _pendingPoints, -points);
            RefreshOldest();
        }
        finally
        {
            _dbLock.Release();
        }

        _spaceFreed.Pulse();
    }

    /// <summary>
    /// Moves a batch the sink rejected permanently to the dead-letter table with the sink's error, in one transaction.
    /// It leaves the drain order and stays on disk (counted in <see cref="DeadLetterBytes"/>) until replayed.
    /// </summary>
    public async Task DeadLetterAsync(OutboxBatch batch, string sink, string error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _dbLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var tx = _db.BeginTransaction();
            using var move = _db.CreateCommand();
            move.Transaction = tx;
            move.CommandText = """
                INSERT INTO dead_letter (batch_id, created_ms, failed_ms, points, bytes, sink, error, body)
                SELECT id, created_ms, $failed, points, bytes, $sink, $error, body FROM batch WHERE id = $id;
                DELETE FROM batch WHERE id = $id;
                """;
            move.Parameters.AddWithValue("$failed", now);
            move.Parameters.AddWithValue("$sink", sink);
            move.Parameters.AddWithValue("$error", error);
            move.Parameters.AddWithValue("$id", batch.Id);
            var moved = move.ExecuteNonQuery() > 0;
            if (moved)
            {
                TrackDeadLetter(tx, batch.Body.Span, batch.Id);
            }

            tx.Commit();
            if (moved)
            {
                Interlocked.Decrement(ref _pendingBatches);
                Interlocked.Add(ref _pendingBytes, -batch.Body.Length);
                Interlocked.Add(ref _pendingPoints, -batch.Points);
                Interlocked.Add(ref _deadLetterBytes, batch.Body.Length);
                RefreshOldest();
            }
        }
        finally
        {
            _dbLock.Release();
        }

        _log.LogError("Outbox {Path}: sink {Sink} rejected batch {Id} ({Points} points) permanently; moved to dead_letter: {Error}",
            Options.Path, sink, batch.Id, batch.Points, error);
    }

    /// <summary>Every dead letter, oldest first.</summary>
    public async Task<IReadOnlyList<RejectedBatch>> ReadRejectedBatchesAsync(CancellationToken cancellationToken)
    {
        var letters = new List<RejectedBatch>();
        await _dbLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = _db.CreateCommand();
            command.CommandText = "SELECT id, batch_id, created_ms, failed_ms, points, sink, error, body FROM dead_letter ORDER BY id;";
            using var r = command.ExecuteReader();
            while (r.Read())
            {
                letters.Add(new RejectedBatch(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt32(4),
                    r.GetString(5), r.GetString(6), (byte[])r.GetValue(7)));
            }
        }
        finally
        {
            _dbLock.Release();
        }

        return letters;
    }

    /// <summary>
    /// Puts every dead letter back at the end of the drain order (after the operator fixed the cause, e.g. raised the
    /// server's body limit), without the points a later batch rewrote (their newer revision is what the sink holds:
    /// replaying the old one would overwrite it; "Stale" below). Points are keyed, so a replay never double-counts.
    /// </summary>
    public async Task<DeadLetterReplay> RequeueDeadLettersAsync(CancellationToken cancellationToken)
    {
        var replay = new DeadLetterReplay(0, 0, 0);
        await _dbLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var tx = _db.BeginTransaction();
            var letters = new List<(long BatchId, long Created, int Points, byte[] Body)>();
            using (var read = _db.CreateCommand())
            {
                read.Transaction = tx;
                read.CommandText = "SELECT batch_id, created_ms, points, body FROM dead_letter ORDER BY id;";
                using var r = read.ExecuteReader();
                while (r.Read())
                {
                    letters.Add((r.GetInt64(0), r.GetInt64(1), r.GetInt32(2), (byte[])r.GetValue(3)));
                }
            }

            foreach (var letter in letters)
            {
                var (body, points, stale) = WithoutStale(tx, letter.Body, letter.Points, letter.BatchId);
                replay = replay with { Batches = replay.Batches + 1, Points = replay.Points + points, StalePoints = replay.StalePoints + stale };
                if (points > 0)
                {
                    using var insert = _db.CreateCommand();
                    insert.Transaction = tx;
                    insert.CommandText = "INSERT INTO batch (created_ms, points, bytes, body) VALUES ($created, $points, $bytes, $body);";
                    insert.Parameters.AddWithValue("$created", letter.Created);
                    insert.Parameters.AddWithValue("$points", points);
                    insert.Parameters.AddWithValue("$bytes", body.Length);
                    insert.Parameters.Add("$body", SqliteType.Blob).Value = body;
                    insert.ExecuteNonQuery();
                }
            }

            using (var clear = _db.CreateCommand())
            {
                clear.Transaction = tx;
                clear.CommandText = "DELETE FROM dead_letter; DELETE FROM superseded;";
                clear.ExecuteNonQuery();
            }

            tx.Commit();
            _deadKeys.Clear();
            LoadCounters();
        }
        finally
        {
            _dbLock.Release();
        }

        if (replay.Batches > 0)
        {
            _log.LogWarning("Outbox {Path}: {Batches} dead letters requeued with {Points} points; {Stale} points left out because a later batch rewrote them",
                Options.Path, replay.Batches, replay.Points, replay.StalePoints);
        }

        _appended.Pulse();
        return replay;
    }

    private void RefreshOldest()
    {
        using var command = _db.CreateCommand();
        command.CommandText = "SELECT created_ms FROM batch ORDER BY id LIMIT 1;";
        Interlocked.Exchange(ref _oldestMs, command.ExecuteScalar() is long ms ? ms : -1);
    }
}
