namespace Metering.Collector.Storage;

/// <summary>One message ingest refused (or a duplicate): when it arrived (ms since the Unix epoch), its topic, why, and its bytes.</summary>
public sealed record RefusedMessage(long Id, long ReceivedMs, string Topic, string Reason, string? Detail, byte[] Payload);
