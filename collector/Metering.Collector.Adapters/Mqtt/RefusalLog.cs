namespace Metering.Collector.Mqtt;

/// <summary>
/// Rate limit for refusal log lines: the first of a kind (e.g. an oversize packet from one address) is logged at
/// once, then at most one per interval, saying how many were not logged in between. Counters count every refusal.
/// </summary>
internal sealed class RefusalLog(TimeSpan interval, TimeProvider time, int maxKeys = 10_000)
{
    private readonly Dictionary<string, (DateTimeOffset Logged, long Suppressed)> _keys = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>True when a line for <paramref name="key"/> may be logged now; <paramref name="suppressed"/>: how many were not since the last.</summary>
    public bool ShouldLog(string key, out long suppressed)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_keys.TryGetValue(key, out var last) && now - last.Logged < interval)
            {
                _keys[key] = (last.Logged, last.Suppressed + 1);
                suppressed = 0;
                return false;
            }

            if (_keys.Count >= maxKeys)
            {
                _keys.Clear(); // a flood of distinct keys: start over rather than grow
            }

            suppressed = last.Suppressed;
            _keys[key] = (now, 0);
            return true;
        }
    }
}
