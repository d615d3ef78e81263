using Microsoft.Extensions.Logging;

namespace Metering.Collector.Host;

/// <summary>
/// Logs the first event of each key at once, then at most once per <see cref="IntervalMs"/> with the number of events
/// since, so a flood (a broker refusing a misconfigured fleet, a poisoned stream) cannot flood the log. Thread-safe.
/// </summary>
public sealed class RateLimitedLog(ILogger log, TimeProvider time)
{
    /// <summary>Shortest time between two lines of one key, ms.</summary>
    public const long IntervalMs = 60_000;

    private readonly Dictionary<string, (long LoggedMs, long Since)> _keys = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>
    /// Counts one event of <paramref name="key"/>; when a line is due, calls <paramref name="write"/> with the logger and
    /// the number of events of that key not logged since the last line.
    /// </summary>
    public void Event(string key, Action<ILogger, long> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        long? suppressed;
        lock (_lock)
        {
            if (!_keys.TryGetValue(key, out var last))
            {
                suppressed = 0;
            }
            else if (now - last.LoggedMs >= IntervalMs)
            {
                suppressed = last.Since;
            }
            else
            {
                _keys[key] = last with { Since = last.Since + 1 };
                suppressed = null;
            }

            if (suppressed is not null)
            {
                _keys[key] = (now, 0);
            }
        }

        if (suppressed is { } count)
        {
            write(log, count);
        }
    }
}
