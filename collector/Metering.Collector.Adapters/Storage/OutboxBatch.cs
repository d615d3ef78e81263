namespace Metering.Collector.Storage;

/// <summary>One batch waiting in the outbox: newline-terminated line protocol, as appended.</summary>
/// <param name="Id">Row id; ids grow in append order and are never reused.</param>
/// <param name="CreatedMs">When it was appended, ms since the Unix epoch.</param>
/// <param name="Points">Points (lines) in <paramref name="Body"/>.</param>
/// <param name="Body">The line protocol, UTF-8.</param>
public sealed record OutboxBatch(long Id, long CreatedMs, int Points, ReadOnlyMemory<byte> Body);

/// <summary>A batch the sink rejected permanently, kept for inspection and replay.</summary>
/// <param name="Id">Dead-letter row id.</param>
/// <param name="BatchId">The batch's id in the outbox when it was rejected.</param>
/// <param name="CreatedMs">When the batch was appended, ms since the Unix epoch.</param>
/// <param name="FailedMs">When the sink rejected it, ms since the Unix epoch.</param>
/// <param name="Points">Points in <paramref name="Body"/>.</param>
/// <param name="Sink">The sink that rejected it (<see cref="ISink.Name"/>).</param>
/// <param name="Error">The sink's error, verbatim.</param>
/// <param name="Body">The line protocol, UTF-8.</param>
public sealed record RejectedBatch(long Id, long BatchId, long CreatedMs, long FailedMs, int Points, string Sink, string Error, ReadOnlyMemory<byte> Body);

/// <summary>What <see cref="SqliteOutbox.RequeueDeadLettersAsync"/> put back.</summary>
/// <param name="Batches">Dead letters taken out of the dead-letter table.</param>
/// <param name="Points">Points put back into the drain order.</param>
/// <param name="StalePoints">Points left out because a later batch rewrote them (the sink holds their newer revision).</param>
public sealed record DeadLetterReplay(int Batches, int Points, int StalePoints);
