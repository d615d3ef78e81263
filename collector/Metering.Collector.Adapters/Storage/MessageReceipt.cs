namespace Metering.Collector.Storage;

/// <summary>
/// The receive time the collector gave one MQTT message, kept with the message's points (Storage/README.md,
/// "Receipts") so that a redelivery after a crash is processed with the same time and writes the same points.
/// </summary>
/// <param name="Key">The message's identity: 64 bits of the SHA-256 of its topic and payload.</param>
/// <param name="ReceivedMs">The receive time used, ms since the Unix epoch.</param>
public readonly record struct MessageReceipt(long Key, long ReceivedMs);

/// <summary>
/// What an outbox append keeps besides its points: the receipts of the messages processed since the previous append
/// (under <paramref name="Generation"/>, the host's count of checkpoints), and the generations no redelivery can reach
/// any more (<paramref name="ForgetThroughGeneration"/> and older, deleted in the same transaction).
/// </summary>
/// <param name="Generation">The generation the receipts belong to.</param>
/// <param name="Receipts">The receipts to keep.</param>
/// <param name="ForgetThroughGeneration">Receipts of this generation and older are deleted; 0 deletes nothing.</param>
public sealed record ReceiptWrite(long Generation, IReadOnlyList<MessageReceipt> Receipts, long ForgetThroughGeneration);
