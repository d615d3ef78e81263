using System.Collections.Concurrent;

namespace Metering.Collector.Mqtt;

/// <summary>Where a refusal happened.</summary>
public enum RefusalStage
{
    /// <summary>At CONNECT (the CONNACK carries the refusal).</summary>
    Connect,

    /// <summary>A PUBLISH (MQTT 5: PUBACK NotAuthorized; 3.1.1: acknowledged and dropped), a last will included.</summary>
    Publish,

    /// <summary>A SUBSCRIBE (SUBACK NotAuthorized, or 0x80 failure for 3.1.1).</summary>
    Subscribe,

    /// <summary>Any other packet (a PUBACK, a PING...), refused by its size before it is read.</summary>
    Packet,
}

/// <summary>One refusal, as the broker reports it to <see cref="EmbeddedBroker.Refused"/> (for logs).</summary>
public sealed record BrokerRefusal(RefusalStage Stage, string Reason, string? ClientId, string? Username, string? Topic);

/// <summary>A message a subscriber's full queue dropped: when, whose queue, who published it, on which topic.</summary>
public sealed record BrokerDrop(DateTimeOffset At, string ReceiverClientId, string? SenderClientId, string Topic);

/// <summary>
/// The broker's counters, thread-safe: connections, refusals by stage and reason, messages queued to subscribers and
/// dropped from a full per-client queue (in all and per receiving client, with the last drop). Nothing is dropped or
/// refused without being counted here.
/// </summary>
public sealed class BrokerCounters
{
    private readonly ConcurrentDictionary<(RefusalStage, string), long> _refusals = new();
    private readonly ConcurrentDictionary<string, long> _droppedFor = new(StringComparer.Ordinal);
    private long _connectionsAccepted;
    private long _messagesQueued;
    private long _messagesDropped;
    private long _messagesWithoutSubscriber;
    private BrokerDrop? _lastDrop;

    /// <summary>Connections accepted since start.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    /// <summary>Messages queued to a subscriber (one per subscriber per message).</summary>
    public long MessagesQueued => Interlocked.Read(ref _messagesQueued);

    /// <summary>Messages dropped because a subscriber's queue was full (MaxPendingMessagesPerClient).</summary>
    public long MessagesDropped => Interlocked.Read(ref _messagesDropped);

    /// <summary>Dropped messages by the client whose queue was full (only clients with a drop).</summary>
    public IReadOnlyDictionary<string, long> DroppedByClient() => _droppedFor.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    /// <summary>The last drop, or null when nothing was ever dropped.</summary>
    public BrokerDrop? LastDrop => Volatile.Read(ref _lastDrop);

    /// <summary>Accepted publishes no subscription matched (MQTT discards them; a collector without a persistent session loses them).</summary>
    public long MessagesWithoutSubscriber => Interlocked.Read(ref _messagesWithoutSubscriber);

    /// <summary>Refusals of <paramref name="stage"/> with <paramref name="reason"/>.</summary>
    public long Refusals(RefusalStage stage, string reason) => _refusals.TryGetValue((stage, reason), out var n) ? n : 0;

    /// <summary>All refusals of <paramref name="stage"/>.</summary>
    public long Refusals(RefusalStage stage) => _refusals.Where(kv => kv.Key.Item1 == stage).Sum(kv => kv.Value);

    /// <summary>Every non-zero refusal counter, keyed "stage/reason" (e.g. "publish/foreign_device"), for metrics.</summary>
    public IReadOnlyDictionary<string, long> RefusalsByReason() =>
        _refusals.ToDictionary(kv => $"{kv.Key.Item1.ToString().ToLowerInvariant()}/{kv.Key.Item2}", kv => kv.Value);

    internal void ConnectionAccepted() => Interlocked.Increment(ref _connectionsAccepted);

    internal void Refused(RefusalStage stage, string reason) => _refusals.AddOrUpdate((stage, reason), 1, (_, n) => n + 1);

    internal void Queued() => Interlocked.Increment(ref _messagesQueued);

    /// <summary>Counts <paramref name="drop"/>; returns the drops of its receiving client so far.</summary>
    internal long Dropped(BrokerDrop drop)
    {
        Interlocked.Increment(ref _messagesDropped);
        Volatile.Write(ref _lastDrop, drop);
        return _droppedFor.AddOrUpdate(drop.ReceiverClientId, 1, (_, n) => n + 1);
    }

    internal void WithoutSubscriber() => Interlocked.Increment(ref _messagesWithoutSubscriber);
}
