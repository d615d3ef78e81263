using Metering.Collector.Ingest;
using Metering.Collector.Intervals;

namespace Metering.Collector.Tests.Nodes;

/// <summary>Channel intervals of the fixture's meter, identified by their end (seq = end in seconds since T0, boot 1).</summary>
internal static class Intervals
{
    public static ChannelInterval Iv(int channel, long startOffsetMs, long endOffsetMs, long energyMj, bool bridged = false, string device = Fixture.Device) =>
        new(
            device,
            channel,
            Epoch: 65_537,
            Fixture.T0 + startOffsetMs,
            Fixture.T0 + endOffsetMs,
            energyMj,
            bridged ? BridgeReason.MissingSequences : BridgeReason.None,
            Boot: 1,
            Sequence: endOffsetMs,
            TimeSource.Device);
}
