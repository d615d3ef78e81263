namespace Metering.Collector.Storage;

/// <summary>
/// One message ingest refused, or an item set aside: when it arrived (ms since the Unix epoch), its topic, why, and its
/// payload as kept (at most <see cref="DeadLetterStore.KeptPayloadBytes"/>), with the whole payload's size in bytes and
/// SHA-256 (lowercase hex; null for letters stored before hashes were kept).
/// </summary>
public sealed record RefusedMessage(long Id, long ReceivedMs, string Topic, string Reason, string? Detail, byte[] Payload, long PayloadBytes, string? PayloadSha256)
{
    /// <summary>True when <see cref="Payload"/> holds only the start of the payload.</summary>
    public bool Truncated => Payload.Length < PayloadBytes;
}
