namespace Metering.Collector.Mqtt;

/// <summary>
/// Flow control toward one subscriber's session (the collector's, on the embedded broker): it counts the messages and
/// payload bytes queued to that session and not yet acknowledged (<see cref="OutstandingMessages"/>,
/// <see cref="OutstandingBytes"/>) and makes publishers wait, first come first served, while either count is at its
/// high-water mark. The broker holds a waiting publisher's PUBLISH without answering it: no PUBACK, and nothing more
/// is read from that connection, so the publisher's in-flight limit stops it and its store-and-forward keeps what it
/// measures next. Each acknowledgement of the subscriber lets the oldest waiter go on (README.md, "Flow control").
/// </summary>
/// <remarks>
/// Bounds. A publisher let through while nobody waits is counted once its message is queued, so the outstanding counts
/// can pass the marks by the publishes dispatched at that instant: at most one per connection (MQTTnet reads one
/// packet of a connection at a time). Waiters are at most <see cref="MaxWaiting"/>; a publish beyond that is refused
/// (<see cref="AdmitAsync"/> returns false) and the broker closes its connection, so the publisher keeps the message.
/// Thread-safe; waiters resume on the thread pool, never inside <see cref="Removed"/> (the subscriber's receive loop).
/// </remarks>
public sealed class SubscriberFlowControl
{
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource<bool>> _waiting = new();
    private long _messages;
    private long _bytes;
    private long _released;
    private long _peakMessages;
    private long _peakBytes;
    private long _held;
    private long _refused;

    /// <summary>Flow control with the given marks; <paramref name="maxWaiting"/> bounds the publishes held at once.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A mark or the bound is below 1.</exception>
    public SubscriberFlowControl(int highWaterMessages, long highWaterBytes, int maxWaiting)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(highWaterMessages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(highWaterBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWaiting, 1);
        (HighWaterMessages, HighWaterBytes, MaxWaiting) = (highWaterMessages, highWaterBytes, maxWaiting);
    }

    /// <summary>Outstanding messages at which publishers start to wait.</summary>
    public int HighWaterMessages { get; }

    /// <summary>Outstanding payload bytes at which publishers start to wait.</summary>
    public long HighWaterBytes { get; }

    /// <summary>Most publishes held at once; one more is refused.</summary>
    public int MaxWaiting { get; }

    /// <summary>Messages queued to the session (sent or not) and not yet acknowledged.</summary>
    public long OutstandingMessages { get { lock (_lock) { return _messages; } } }

    /// <summary>Their payload bytes.</summary>
    public long OutstandingBytes { get { lock (_lock) { return _bytes; } } }

    /// <summary>The most messages ever outstanding at once.</summary>
    public long PeakOutstandingMessages { get { lock (_lock) { return _peakMessages; } } }

    /// <summary>The most payload bytes ever outstanding at once.</summary>
    public long PeakOutstandingBytes { get { lock (_lock) { return _peakBytes; } } }

    /// <summary>Publishes waiting now.</summary>
    public int Waiting { get { lock (_lock) { return _waiting.Count; } } }

    /// <summary>Publishes that had to wait, since start.</summary>
    public long Held { get { lock (_lock) { return _held; } } }

    /// <summary>Publishes refused because <see cref="MaxWaiting"/> were already waiting, since start.</summary>
    public long Refused { get { lock (_lock) { return _refused; } } }

    /// <summary>
    /// Completes with true when the publish may go on: at once while both counts are below their marks and nobody
    /// waits, otherwise when its turn comes; false at once when <see cref="MaxWaiting"/> publishes already wait.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="stopping"/> fired while waiting.</exception>
    public async Task<bool> AdmitAsync(CancellationToken stopping)
    {
        stopping.ThrowIfCancellationRequested();
        TaskCompletionSource<bool> turn;
        LinkedListNode<TaskCompletionSource<bool>> node;
        lock (_lock)
        {
            if (_waiting.Count == 0 && IsOpen)
            {
                return true;
            }

            if (_waiting.Count >= MaxWaiting)
            {
                _refused++;
                return false;
            }

            turn = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiting.AddLast(turn);
            _held++;
        }

        await using (stopping.Register(() => Cancel(node)))
        {
            return await turn.Task.ConfigureAwait(false);
        }
    }

    /// <summary>A message of <paramref name="payloadBytes"/> was queued to the session.</summary>
    public void Queued(long payloadBytes)
    {
        lock (_lock)
        {
            _messages++;
            _bytes += payloadBytes;
            _released = Math.Max(0, _released - 1);
            _peakMessages = Math.Max(_peakMessages, _messages);
            _peakBytes = Math.Max(_peakBytes, _bytes);
        }
    }

    /// <summary>A queued message left the session: acknowledged, or dropped after all. The oldest waiters go on while there is room.</summary>
    public void Removed(long payloadBytes)
    {
        lock (_lock)
        {
            _messages = Math.Max(0, _messages - 1);
            _bytes = Math.Max(0, _bytes - payloadBytes);
            ReleaseLocked();
        }
    }

    /// <summary>
    /// A publish that went on reached no session at all (nobody subscribed: the collector's session is gone): if a
    /// waiter's place was kept for it, that place is free again, so it cannot hold the others for good.
    /// </summary>
    public void NotQueued()
    {
        lock (_lock)
        {
            if (_released > 0)
            {
                _released--;
                ReleaseLocked();
            }
        }
    }

    /// <summary>The session and everything queued in it are gone (deleted, or replaced by a clean start).</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _messages = 0;
            _bytes = 0;
            _released = 0;
            ReleaseLocked();
        }
    }

    private bool IsOpen => _messages + _released < HighWaterMessages && _bytes < HighWaterBytes;

    /// <summary>Lets waiters go, oldest first, while the marks leave room; each counts until its message is queued.</summary>
    private void ReleaseLocked()
    {
        while (_waiting.First is { } first && IsOpen)
        {
            _waiting.RemoveFirst();
            _released++;
            first.Value.TrySetResult(true);
        }
    }

    private void Cancel(LinkedListNode<TaskCompletionSource<bool>> node)
    {
        lock (_lock)
        {
            if (node.List is not null)
            {
                _waiting.Remove(node);
            }
        }

        node.Value.TrySetCanceled();
    }
}
