using Metering.Collector.Points;

namespace Metering.Collector.Storage;

/// <summary>
/// Where points end up: SQLite (default), InfluxDB 1.x or InfluxDB 2.x/3.x. The outbox drains into a sink in
/// batches of line protocol; a write either stores the whole batch or throws (the outbox then retries it later).
/// Writes are idempotent by point key.
/// </summary>
public interface ISink
{
    /// <summary>Short name for logs and metrics: sqlite, influxdb1, influxdb2.</summary>
    string Name { get; }

    /// <summary>Stores a batch of line-protocol lines (UTF-8, newline-separated, millisecond precision); throws on failure.</summary>
    Task WriteAsync(ReadOnlyMemory<byte> lineProtocol, CancellationToken cancellationToken);
}

/// <summary>Reads points back, for the HTTP API and reports. Implemented by the sinks that can answer queries.</summary>
public interface IPointReader
{
    /// <summary>
    /// Points of <paramref name="measurement"/> whose tags include every pair of <paramref name="tags"/>, with
    /// timestamps in [<paramref name="fromMs"/>, <paramref name="toMs"/>), oldest first.
    /// </summary>
    Task<IReadOnlyList<Point>> QueryAsync(string measurement, IReadOnlyDictionary<string, string> tags, long fromMs, long toMs, CancellationToken cancellationToken);
}
