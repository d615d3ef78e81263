using Microsoft.Extensions.Logging;

namespace Metering.Collector.Storage;

/// <summary>The size bound: appends wait while it is reached, and the full state is reported loudly.</summary>
public sealed partial class SqliteOutbox
{
    /// <inheritdoc />
    public bool IsFull => Interlocked.Read(ref _blockedSince) >= 0;

    /// <summary>How many times an append found the outbox full and had to wait.</summary>
    public long FullEpisodes => Interlocked.Read(ref _fullEpisodes);

    /// <summary>Total time appends spent waiting for space, including the current wait.</summary>
    public TimeSpan BlockedTime
    {
        get
        {
            var ticks = Interlocked.Read(ref _blockedTicks);
            var since = Interlocked.Read(ref _blockedSince);
            return TimeSpan.FromTicks(ticks) + (since >= 0 ? _time.GetElapsedTime(since) : TimeSpan.Zero);
        }
    }

    private async Task WaitForSpaceAsync(long bytes, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var freed = _spaceFreed.Next;
                if (Held == 0 || Held + bytes <= Options.MaxBytes)
                {
                    return;
                }

                if (Interlocked.CompareExchange(ref _blockedSince, _time.GetTimestamp(), -1) == -1)
                {
                    var episode = Interlocked.Increment(ref _fullEpisodes);
                    _log.LogError(
                        "Outbox {Path} is FULL: {Held} bytes held of {Max}; appends wait for the sink (episode {Episode}). Oldest pending batch from {OldestMs} ms.",
                        Options.Path, Held, Options.MaxBytes, episode, OldestPendingMs);
                }

                await freed.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            var since = Interlocked.Exchange(ref _blockedSince, -1);
            if (since >= 0)
            {
                var waited = _time.GetElapsedTime(since);
                Interlocked.Add(ref _blockedTicks, waited.Ticks);
                _log.LogWarning("Outbox {Path}: an append waited {Waited} for space (full episode {Episode})", Options.Path, waited, FullEpisodes);
            }
        }
    }
}
