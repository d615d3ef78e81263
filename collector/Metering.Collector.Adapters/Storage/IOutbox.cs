using Metering.Collector.Points;

namespace Metering.Collector.Storage;

/// <summary>
/// The durable on-disk queue in front of every sink. Ingest appends a batch and acknowledges the MQTT messages only
/// after <see cref="AppendAsync"/> returned (the batch is on disk); a drainer writes batches to the sink in order and
/// deletes them once stored. Bounded: when full, <see cref="AppendAsync"/> waits (backpressure on the broker) and
/// reports the condition loudly; it never drops data.
/// </summary>
public interface IOutbox
{
    /// <summary>Appends points durably; waits while the outbox is full.</summary>
    Task AppendAsync(IReadOnlyList<Point> points, CancellationToken cancellationToken);

    /// <summary>
    /// Appends points durably with the receipts of the messages they came from, in one transaction (README.md,
    /// "Receipts"). An outbox that keeps no receipts (a test's) appends the points alone.
    /// </summary>
    Task AppendAsync(IReadOnlyList<Point> points, ReceiptWrite? receipts, CancellationToken cancellationToken) => AppendAsync(points, cancellationToken);

    /// <summary>The receipts kept by earlier appends and not yet forgotten, with their generations (read at start-up).</summary>
    IReadOnlyList<(long Generation, MessageReceipt Receipt)> LoadReceipts() => [];

    /// <summary>Batches waiting.</summary>
    long PendingBatches { get; }

    /// <summary>Bytes waiting.</summary>
    long PendingBytes { get; }

    /// <summary>Creation time of the oldest waiting batch (ms since the Unix epoch), or null when empty.</summary>
    long? OldestPendingMs { get; }

    /// <summary>True while appends are blocked because the outbox reached its size bound.</summary>
    bool IsFull { get; }
}
