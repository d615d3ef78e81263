using Metering.Collector.Points;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Storage;

/// <summary>
/// The durable outbox: one SQLite file (WAL, fsync per <see cref="OutboxSettings.Synchronous"/>) holding an append-only
/// table of line-protocol batches. <see cref="AppendAsync"/> writes one batch in one transaction and returns once it is
/// committed; <see cref="OutboxDrainer"/> takes batches oldest first and removes them once the sink stored them.
/// Bounded by <see cref="OutboxSettings.MaxBytes"/>: at the bound an append waits (backpressure) and the outbox reports
/// itself full (<see cref="IsFull"/>, <see cref="FullEpisodes"/>, <see cref="BlockedTime"/>, an error log); it never
/// drops data. The file is locked to this process while open. Thread-safe.
/// </summary>
public sealed partial class SqliteOutbox : IOutbox, IDisposable
{
    private readonly SqliteConnection _db;
    private readonly SemaphoreSlim _dbLock = new(1, 1);
    private readonly SemaphoreSlim _appendGate = new(1, 1);
    private readonly AsyncSignal _spaceFreed = new();
    private readonly AsyncSignal _appended = new();
    private readonly LineProtocolBuffer _buffer = new();
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private long _pendingBatches;
    private long _pendingBytes;
    private long _pendingPoints;
    private long _deadLetterBytes;
    private long _oldestMs = -1;
    private long _fullEpisodes;
    private long _blockedTicks;
    private long _blockedSince = -1;

    /// <summary>Opens (or creates) the outbox at <see cref="OutboxSettings.Path"/>; pending batches from a previous run are kept.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="IOException">The file cannot be opened, e.g. another process holds it.</exception>
    public SqliteOutbox(OutboxSettings options, TimeProvider? time = null, ILogger<SqliteOutbox>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        Options = options;
        _time = time ?? TimeProvider.System;
        _log = logger ?? (ILogger)NullLogger.Instance;
        _db = SqliteFiles.Open(options.Path, options.Synchronous, exclusive: true);
        SqliteFiles.Execute(_db, Schema);
        LoadCounters();
        LoadDeadKeys();
    }

    /// <summary>The settings it was opened with.</summary>
    public OutboxSettings Options { get; }

    /// <inheritdoc />
    public long PendingBatches => Interlocked.Read(ref _pendingBatches);

    /// <inheritdoc />
    public long PendingBytes => Interlocked.Read(ref _pendingBytes);

    /// <summary>Points waiting.</summary>
    public long PendingPoints => Interlocked.Read(ref _pendingPoints);

    /// <summary>Bytes held as dead letters; they count against the bound until replayed or removed by an operator.</summary>
    public long DeadLetterBytes => Interlocked.Read(ref _deadLetterBytes);

    /// <inheritdoc />
    public long? OldestPendingMs => Interlocked.Read(ref _oldestMs) is var ms and >= 0 ? ms : null;

    /// <summary>
    /// Appends <paramref name="points"/> as one batch, committed (and fsynced per the options) before this returns.
    /// Waits while the batch would pass the bound, unless nothing else is held (a batch larger than the bound is
    /// admitted alone rather than never). Appends are stored in call order. Cancelling a wait stores nothing.
    /// </summary>
    /// <exception cref="ArgumentException">A point cannot be written as line protocol; nothing is stored.</exception>
    public Task AppendAsync(IReadOnlyList<Point> points, CancellationToken cancellationToken) => AppendAsync(points, null, cancellationToken);

    /// <summary>
    /// Appends <paramref name="points"/> as <see cref="AppendAsync(IReadOnlyList{Point}, CancellationToken)"/> does, and
    /// in the same transaction the <paramref name="receipts"/> of the messages they came from (Storage/README.md, "Receipts").
    /// </summary>
    /// <exception cref="ArgumentException">A point cannot be written as line protocol; nothing is stored.</exception>
    public async Task AppendAsync(IReadOnlyList<Point> points, ReceiptWrite? receipts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return;
        }

        await _appendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _buffer.Clear();
            _buffer.AppendRange(points);
            await WaitForSpaceAsync(_buffer.Bytes, cancellationToken).ConfigureAwait(false);
            await InsertAsync(_buffer.Written, _buffer.Points, receipts, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _appendGate.Release();
        }
    }

    /// <summary>Waits until at least one batch is pending.</summary>
    public async Task WaitForBatchAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var next = _appended.Next;
            if (PendingBatches > 0)
            {
                return;
            }

            await next.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Closes the file (cleanly; pending batches stay for the next open).</summary>
    public void Dispose()
    {
        _dbLock.Wait();
        _db.Dispose();
        _dbLock.Dispose();
        _appendGate.Dispose();
    }

    private long Held => PendingBytes + DeadLetterBytes;

    private async Task InsertAsync(ReadOnlyMemory<byte> body, int points, ReceiptWrite? receipts, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await _dbLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var tx = _db.BeginTransaction();
            using var insert = _db.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO batch (created_ms, points, bytes, body) VALUES ($created, $points, $bytes, $body) RETURNING id;";
            insert.Parameters.AddWithValue("$created", now);
            insert.Parameters.AddWithValue("$points", points);
            insert.Parameters.AddWithValue("$bytes", body.Length);
            insert.Parameters.Add("$body", SqliteType.Blob).Value = body.ToArray();
            Supersede(tx, body.Span, (long)insert.ExecuteScalar()!);
            if (receipts is not null)
            {
                WriteReceipts(tx, receipts);
            }

            tx.Commit();
            Interlocked.Increment(ref _pendingBatches);
            Interlocked.Add(ref _pendingBytes, body.Length);
            Interlocked.Add(ref _pendingPoints, points);
            Interlocked.CompareExchange(ref _oldestMs, now, -1);
        }
        finally
        {
            _dbLock.Release();
        }

        _appended.Pulse();
    }

    private void LoadCounters()
    {
        using var command = _db.CreateCommand();
        command.CommandText = """
            SELECT count(*), coalesce(sum(bytes), 0), coalesce(sum(points), 0),
                   (SELECT created_ms FROM batch ORDER BY id LIMIT 1),
                   (SELECT coalesce(sum(bytes), 0) FROM dead_letter)
            FROM batch;
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        _pendingBatches = reader.GetInt64(0);
        _pendingBytes = reader.GetInt64(1);
        _pendingPoints = reader.GetInt64(2);
        _oldestMs = reader.IsDBNull(3) ? -1 : reader.GetInt64(3);
        _deadLetterBytes = reader.GetInt64(4);
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS batch (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            created_ms INTEGER NOT NULL,
            points     INTEGER NOT NULL,
            bytes      INTEGER NOT NULL,
            body       BLOB    NOT NULL);
        CREATE TABLE IF NOT EXISTS dead_letter (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            batch_id   INTEGER NOT NULL,
            created_ms INTEGER NOT NULL,
            failed_ms  INTEGER NOT NULL,
            points     INTEGER NOT NULL,
            bytes      INTEGER NOT NULL,
            sink       TEXT    NOT NULL,
            error      TEXT    NOT NULL,
            body       BLOB    NOT NULL);
        CREATE TABLE IF NOT EXISTS receipt (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            generation INTEGER NOT NULL,
            body       BLOB    NOT NULL);
        CREATE TABLE IF NOT EXISTS superseded (
            key        TEXT    NOT NULL,
            by_batch   INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS superseded_key ON superseded (key);
        PRAGMA user_version = 1;
        """;
}
