using Metering.Collector.Intervals;

namespace Metering.Collector.Nodes;

/// <summary>
/// A channel measures a node's feed from <see cref="ValidFrom"/> (inclusive) until <see cref="ValidTo"/>
/// (exclusive; null: still does). Sensors move, so a channel has a history of mappings; they never overlap per
/// channel nor per (node, feed). Times are UTC with millisecond precision.
/// </summary>
/// <param name="DeviceId">Device id of the meter.</param>
/// <param name="ChannelId">Channel id within the device, 0..31.</param>
/// <param name="NodeId">The node measured.</param>
/// <param name="FeedId">The node's feed measured.</param>
/// <param name="ValidFrom">First instant the mapping holds (UTC).</param>
/// <param name="ValidTo">First instant it no longer holds (UTC), or null while it still does.</param>
public sealed record ChannelMapping(string DeviceId, int ChannelId, string NodeId, string FeedId, DateTimeOffset ValidFrom, DateTimeOffset? ValidTo = null)
{
    /// <summary>The channel.</summary>
    public ChannelKey Channel => new(DeviceId, ChannelId);

    /// <summary><see cref="ValidFrom"/>, ms since the Unix epoch.</summary>
    public long ValidFromMs => ValidFrom.ToUnixTimeMilliseconds();

    /// <summary><see cref="ValidTo"/>, ms since the Unix epoch, or <see cref="long.MaxValue"/> while open.</summary>
    public long ValidToMs => ValidTo?.ToUnixTimeMilliseconds() ?? long.MaxValue;

    /// <summary>True when the mapping holds at <paramref name="timeMs"/>.</summary>
    public bool HoldsAt(long timeMs) => ValidFromMs <= timeMs && timeMs < ValidToMs;

    /// <summary>True when the two mappings hold at a common instant.</summary>
    public bool Overlaps(ChannelMapping other) => ValidFromMs < other.ValidToMs && other.ValidFromMs < ValidToMs;

    /// <summary><c>device/channel -> node/feed [from, to)</c>, as error messages and the CLI write it.</summary>
    public override string ToString() =>
        $"{Channel} -> {NodeId}/{FeedId} [{InventoryTime.Format(ValidFrom)}, {(ValidTo is { } to ? InventoryTime.Format(to) : "open")})";
}
