using Metering.Collector.Points;
using Microsoft.Data.Sqlite;

namespace Metering.Collector.Storage;

/// <summary>
/// The default, embedded store: one SQLite file (WAL; fsync per <see cref="SqliteSinkSettings.Synchronous"/>) with one
/// row per point, keyed by (measurement, series, time_ms) where the series is the tags as canonical JSON. Writing a
/// key again merges its fields, later values winning, as InfluxDB does; so a replayed batch changes nothing. Each
/// batch is one transaction. Queries use the indexes on (measurement, time_ms), (measurement, node, time_ms) and
/// (measurement, device, time_ms); other tag filters are applied to the rows those return. Thread-safe.
/// </summary>
public sealed class SqliteSink : ISink, IPointReader, IDisposable
{
    private readonly SqliteConnection _write;
    private readonly SqlitePointReader _reader;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Opens (or creates) the store at <see cref="SqliteSinkSettings.Path"/>.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public SqliteSink(SqliteSinkSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        Options = options;
        _write = SqliteFiles.Open(options.Path, options.Synchronous, exclusive: false);
        SqliteFiles.Execute(_write, Schema);
        _reader = new SqlitePointReader(SqliteFiles.Open(options.Path, options.Synchronous, exclusive: false));
    }

    /// <summary>The settings it was opened with.</summary>
    public SqliteSinkSettings Options { get; }

    /// <inheritdoc />
    public string Name => "sqlite";

    /// <summary>Parses the batch and upserts every point in one transaction.</summary>
    /// <exception cref="SinkException">Permanent when the batch is not line protocol; retryable when SQLite fails.</exception>
    public async Task WriteAsync(ReadOnlyMemory<byte> lineProtocol, CancellationToken cancellationToken)
    {
        List<Point> points;
        try
        {
            points = LineProtocol.ParseBatch(lineProtocol.Span);
        }
        catch (FormatException e)
        {
            throw new SinkException("parse", $"sqlite rejected the batch: {e.Message}", permanent: true, inner: e);
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Upsert(points);
        }
        catch (SqliteException e)
        {
            throw new SinkException($"sqlite_{e.SqliteErrorCode}", $"sqlite failed: {e.Message}", permanent: false, inner: e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Point>> QueryAsync(string measurement, IReadOnlyDictionary<string, string> tags, long fromMs, long toMs, CancellationToken cancellationToken) =>
        _reader.QueryAsync(measurement, tags, fromMs, toMs, cancellationToken);

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        _write.Dispose();
        _reader.Dispose();
        _writeLock.Dispose();
    }

    private void Upsert(List<Point> points)
    {
        using var tx = _write.BeginTransaction();
        using var upsert = _write.CreateCommand();
        upsert.Transaction = tx;
        upsert.CommandText = """
            INSERT INTO point (measurement, series, time_ms, node, device, fields) VALUES ($m, $series, $t, $node, $device, $fields)
            ON CONFLICT (measurement, series, time_ms) DO UPDATE SET fields = json_patch(point.fields, excluded.fields);
            """;
        var m = upsert.Parameters.Add("$m", SqliteType.Text);
        var series = upsert.Parameters.Add("$series", SqliteType.Text);
        var t = upsert.Parameters.Add("$t", SqliteType.Integer);
        var node = upsert.Parameters.Add("$node", SqliteType.Text);
        var device = upsert.Parameters.Add("$device", SqliteType.Text);
        var fields = upsert.Parameters.Add("$fields", SqliteType.Text);
        upsert.Prepare();
        foreach (var p in points)
        {
            m.Value = p.Measurement;
            series.Value = PointJson.Tags(p.Tags);
            t.Value = p.TimestampMs;
            node.Value = NonEmpty(p.Tag("node"));
            device.Value = NonEmpty(p.Tag("device"));
            fields.Value = PointJson.Fields(p.Fields);
            upsert.ExecuteNonQuery();
        }

        tx.Commit();
    }

    private static object NonEmpty(string? value) => string.IsNullOrEmpty(value) ? DBNull.Value : value;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS point (
            measurement TEXT    NOT NULL,
            series      TEXT    NOT NULL,
            time_ms     INTEGER NOT NULL,
            node        TEXT,
            device      TEXT,
            fields      TEXT    NOT NULL,
            PRIMARY KEY (measurement, series, time_ms)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS point_time ON point (measurement, time_ms);
        CREATE INDEX IF NOT EXISTS point_node ON point (measurement, node, time_ms) WHERE node IS NOT NULL;
        CREATE INDEX IF NOT EXISTS point_device ON point (measurement, device, time_ms) WHERE device IS NOT NULL;
        PRAGMA user_version = 1;
        """;
}
