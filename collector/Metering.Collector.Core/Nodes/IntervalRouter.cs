using Metering.Collector.Intervals;

namespace Metering.Collector.Nodes;

/// <summary>A part of a channel interval and what the channel measured during it (null: unmapped).</summary>
/// <param name="Part">The interval, or the part of it within one mapping.</param>
/// <param name="Feed">The node feed the channel measured then, or null.</param>
public sealed record RoutedInterval(ChannelInterval Part, ResolvedFeed? Feed);

/// <summary>
/// Resolves a channel interval against the inventory's mapping history. An interval that spans a mapping change
/// (a sensor moved at T) is cut at T pro rata by time, exactly as buckets are cut (<see cref="ProRata"/>), so
/// each side goes to the feed measured then and the parts sum to the interval's energy.
/// </summary>
public static class IntervalRouter
{
    /// <summary>
    /// The parts of <paramref name="interval"/>, oldest first, each with its feed or null where unmapped. A
    /// zero-length interval is an instant whose energy accrued before it: it is resolved at its last millisecond
    /// (end - 1), like <see cref="BucketCutter.InstantBucket"/>.
    /// </summary>
    public static IReadOnlyList<RoutedInterval> Route(Inventory inventory, ChannelInterval interval)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        ArgumentNullException.ThrowIfNull(interval);
        if (interval.DurationMs <= 0)
        {
            return [new RoutedInterval(interval, inventory.Resolve(interval.DeviceId, interval.ChannelId, interval.EndMs - 1))];
        }

        // Cut points: the interval's ends and every mapping boundary strictly inside it.
        var cuts = new SortedSet<long> { interval.StartMs, interval.EndMs };
        foreach (var m in inventory.MappingsOf(interval.DeviceId, interval.ChannelId))
        {
            foreach (var t in new[] { m.ValidFromMs, m.ValidToMs })
            {
                if (t > interval.StartMs && t < interval.EndMs)
                {
                    cuts.Add(t);
                }
            }
        }

        var parts = new List<RoutedInterval>(cuts.Count - 1);
        var from = interval.StartMs;
        foreach (var to in cuts.Skip(1))
        {
            var energy = ProRata.Piece(interval.EnergyMillijoules, from - interval.StartMs, to - interval.StartMs, interval.DurationMs);
            var part = parts.Count == 0 && to == interval.EndMs ? interval : interval with { StartMs = from, EndMs = to, EnergyMillijoules = energy };
            parts.Add(new RoutedInterval(part, inventory.Resolve(interval.DeviceId, interval.ChannelId, from)));
            from = to;
        }

        return parts;
    }
}
