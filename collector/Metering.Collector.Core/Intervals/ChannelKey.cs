namespace Metering.Collector.Intervals;

/// <summary>One metering channel: a device id and the channel id within that device. Counters are per channel.</summary>
/// <param name="DeviceId">The device id (the MQTT topic's and payload's <c>device</c>).</param>
/// <param name="ChannelId">The channel id within the device, 0..31.</param>
public readonly record struct ChannelKey(string DeviceId, int ChannelId) : IComparable<ChannelKey>
{
    /// <summary>Orders by device id (ordinal), then channel id: the order of exported state.</summary>
    public int CompareTo(ChannelKey other)
    {
        var byDevice = string.CompareOrdinal(DeviceId, other.DeviceId);
        return byDevice != 0 ? byDevice : ChannelId.CompareTo(other.ChannelId);
    }

    /// <summary><c>device/channel</c>, as logs and error messages write it.</summary>
    public override string ToString() => DeviceId + "/" + ChannelId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
