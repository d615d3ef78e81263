using System.Collections.Concurrent;

namespace Metering.Collector.Storage;

/// <summary>What the drainer has done since it started, for logs, the HTTP API and Prometheus. Thread-safe.</summary>
public sealed class DrainerMetrics
{
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _batches;
    private long _points;
    private long _bytes;
    private long _writes;
    private long _deadLettered;
    private long _latencyTicks;
    private long _lastLatencyTicks;
    private long _consecutiveFailures;
    private ErrorNote? _lastError;

    /// <summary>Outbox batches the sink stored.</summary>
    public long BatchesWritten => Interlocked.Read(ref _batches);

    /// <summary>Points the sink stored.</summary>
    public long PointsWritten => Interlocked.Read(ref _points);

    /// <summary>Line-protocol bytes the sink stored.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytes);

    /// <summary>Successful sink writes (each may carry several batches).</summary>
    public long Writes => Interlocked.Read(ref _writes);

    /// <summary>Batches moved to the dead-letter table.</summary>
    public long DeadLettered => Interlocked.Read(ref _deadLettered);

    /// <summary>Failed sink writes in a row, 0 once one succeeds.</summary>
    public long ConsecutiveFailures => Interlocked.Read(ref _consecutiveFailures);

    /// <summary>Duration of the last successful sink write.</summary>
    public TimeSpan LastWriteLatency => TimeSpan.FromTicks(Interlocked.Read(ref _lastLatencyTicks));

    /// <summary>Total time spent in successful sink writes (divide by <see cref="Writes"/> for the mean).</summary>
    public TimeSpan TotalWriteLatency => TimeSpan.FromTicks(Interlocked.Read(ref _latencyTicks));

    /// <summary>Failed sink writes by kind (<see cref="SinkException.Kind"/>, or the exception type's name).</summary>
    public IReadOnlyDictionary<string, long> ErrorsByKind => new Dictionary<string, long>(_errors, StringComparer.Ordinal);

    /// <summary>The last error's message, or null.</summary>
    public string? LastError => Volatile.Read(ref _lastError)?.Message;

    /// <summary>When the last error happened (ms since the Unix epoch), or null.</summary>
    public long? LastErrorMs => Volatile.Read(ref _lastError)?.AtMs;

    internal void Stored(int batches, long points, long bytes, TimeSpan latency)
    {
        Interlocked.Add(ref _batches, batches);
        Interlocked.Add(ref _points, points);
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _latencyTicks, latency.Ticks);
        Interlocked.Exchange(ref _lastLatencyTicks, latency.Ticks);
        Interlocked.Exchange(ref _consecutiveFailures, 0);
    }

    internal long Failed(string kind, string message, long atMs, bool retryable)
    {
        _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
        Volatile.Write(ref _lastError, new ErrorNote(message, atMs));
        return retryable ? Interlocked.Increment(ref _consecutiveFailures) : Interlocked.Read(ref _consecutiveFailures);
    }

    internal void DeadLetter() => Interlocked.Increment(ref _deadLettered);

    private sealed record ErrorNote(string Message, long AtMs);
}
