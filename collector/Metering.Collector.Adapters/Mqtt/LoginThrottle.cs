using System.Net;

namespace Metering.Collector.Mqtt;

/// <summary>
/// Failed logins per client address: after <c>maxFailures</c> unknown users or wrong passwords within
/// <c>lockout</c>, every login from that address is refused for <c>lockout</c> without checking its password, so a
/// password guesser gets a handful of PBKDF2 checks a minute instead of as many as it can send (and cannot make the
/// broker spend its CPU on them). At most <c>maxAddresses</c> addresses are tracked; expired ones are forgotten first.
/// Thread-safe; time from the given clock.
/// </summary>
public sealed class LoginThrottle(int maxFailures, TimeSpan lockout, TimeProvider time, int maxAddresses = 10_000)
{
    private readonly Dictionary<IPAddress, Entry> _entries = [];
    private readonly Lock _lock = new();

    /// <summary>Addresses tracked now (failures or a lockout still in force).</summary>
    public int Tracked
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>True while <paramref name="address"/> is locked out.</summary>
    public bool IsLocked(IPAddress address)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(address, out var e) && e.LockedUntil > time.GetUtcNow();
        }
    }

    /// <summary>Counts a failed login; true when it locked <paramref name="address"/> out (once per lockout, to log it).</summary>
    public bool Failed(IPAddress address)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_entries.TryGetValue(address, out var e) || now - e.FirstFailure > lockout)
            {
                MakeRoom(now);
                e = new Entry { FirstFailure = now };
                _entries[address] = e;
            }

            if (e.LockedUntil > now || ++e.Failures < maxFailures)
            {
                return false;
            }

            (e.LockedUntil, e.Failures, e.FirstFailure) = (now + lockout, 0, now);
            return true;
        }
    }

    /// <summary>A successful login forgets the address's failures.</summary>
    public void Succeeded(IPAddress address)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(address, out var e) && e.LockedUntil <= time.GetUtcNow())
            {
                _entries.Remove(address);
            }
        }
    }

    private void MakeRoom(DateTimeOffset now)
    {
        if (_entries.Count < maxAddresses)
        {
            return;
        }

        foreach (var stale in _entries.Where(kv => kv.Value.LockedUntil <= now && now - kv.Value.FirstFailure > lockout).Select(kv => kv.Key).ToList())
        {
            _entries.Remove(stale);
        }

        if (_entries.Count >= maxAddresses)
        {
            // Still full of live entries: forget the one that failed longest ago and is not locked out.
            var oldest = _entries.Where(kv => kv.Value.LockedUntil <= now).OrderBy(kv => kv.Value.FirstFailure).Select(kv => kv.Key).FirstOrDefault()
                ?? _entries.OrderBy(kv => kv.Value.LockedUntil).First().Key;
            _entries.Remove(oldest);
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset FirstFailure { get; set; }

        public int Failures { get; set; }

        public DateTimeOffset LockedUntil { get; set; } = DateTimeOffset.MinValue;
    }
}
