using Metering.Collector.Ingest;
using Metering.Collector.Intervals;

namespace Metering.Collector.Nodes;

/// <summary>A channel that sent readings while no mapping held: what <c>metering inventory unmapped</c> lists.</summary>
/// <param name="DeviceId">Device id.</param>
/// <param name="ChannelId">Channel id.</param>
/// <param name="FirstSeenMs">End of the first unmapped reading, ms since the Unix epoch.</param>
/// <param name="LastSeenMs">End of the latest unmapped reading, ms since the Unix epoch.</param>
/// <param name="Readings">Unmapped readings counted.</param>
public sealed record UnmappedChannel(string DeviceId, int ChannelId, long FirstSeenMs, long LastSeenMs, long Readings);

/// <summary>
/// In-memory registry of channels that report without a mapping, with first and last seen times and counts.
/// The caller persists <see cref="Export"/> (a list of small records) and passes it back to the constructor.
/// Not thread-safe.
/// </summary>
public sealed class UnmappedRegistry
{
    private readonly Dictionary<ChannelKey, UnmappedChannel> _entries = [];

    /// <summary>Starts from saved entries, or empty.</summary>
    public UnmappedRegistry(IEnumerable<UnmappedChannel>? entries = null)
    {
        foreach (var e in entries ?? [])
        {
            _entries[new ChannelKey(e.DeviceId, e.ChannelId)] = e;
        }
    }

    /// <summary>Channels listed.</summary>
    public int Count => _entries.Count;

    /// <summary>
    /// Resolves <paramref name="reading"/> at the last millisecond of its window (end - 1: a reading that ends when a
    /// mapping starts measured the time before it); records it when no mapping holds. Returns the feed, or null.
    /// </summary>
    public ResolvedFeed? Observe(Inventory inventory, AcceptedReading reading)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(reading);
        var at = reading.EndMs > reading.StartMs ? reading.EndMs - 1 : reading.EndMs;
        var feed = inventory.Resolve(reading.DeviceId, reading.ChannelId, at);
        if (feed is null)
        {
            Record(reading.DeviceId, reading.ChannelId, reading.EndMs);
        }

        return feed;
    }

    /// <summary>Counts one unmapped reading of a channel at <paramref name="timeMs"/>; true when the channel is new to the list.</summary>
    public bool Record(string deviceId, int channelId, long timeMs)
    {
        var key = new ChannelKey(deviceId, channelId);
        if (_entries.TryGetValue(key, out var e))
        {
            _entries[key] = e with
            {
                FirstSeenMs = Math.Min(e.FirstSeenMs, timeMs),
                LastSeenMs = Math.Max(e.LastSeenMs, timeMs),
                Readings = e.Readings + 1,
            };
            return false;
        }

        _entries[key] = new UnmappedChannel(deviceId, channelId, timeMs, timeMs, 1);
        return true;
    }

    /// <summary>Drops one channel from the list; true when it was listed.</summary>
    public bool Remove(string deviceId, int channelId) => _entries.Remove(new ChannelKey(deviceId, channelId));

    /// <summary>
    /// Drops the channels that now have a mapping holding at or after their last unmapped reading (a technician
    /// mapped them since); returns how many. Call after reloading the inventory.
    /// </summary>
    public int Prune(Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var mapped = _entries.Values
            .Where(e => inventory.MappingsOf(e.DeviceId, e.ChannelId).Any(m => m.ValidToMs > e.LastSeenMs))
            .Select(e => new ChannelKey(e.DeviceId, e.ChannelId))
            .ToList();
        mapped.ForEach(k => _entries.Remove(k));
        return mapped.Count;
    }

    /// <summary>Every entry, ordered by device id then channel id.</summary>
    public IReadOnlyList<UnmappedChannel> Export() =>
        [.. _entries.OrderBy(e => e.Key).Select(e => e.Value)];
}
