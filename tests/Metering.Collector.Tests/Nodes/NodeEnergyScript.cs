using FsCheck;
using FsCheck.Fluent;
using Metering.Collector.Intervals;
using Metering.Collector.Nodes;

namespace Metering.Collector.Tests.Nodes;

/// <summary>
/// Random traffic for the accumulator: five channels (gpu-a01 psu1, psu2, gpu0-12v; gpu-a02 psu1; an unmapped one),
/// channel 0 moving to gpu-a02 psu2 after 5 min; contiguous intervals of 0..40 s, some bridged, arriving interleaved
/// across channels, with <see cref="NodeEnergyAccumulator.TakeReady"/> called now and then at a clock that runs ahead
/// of the data by up to 200 s.
/// </summary>
internal static class NodeEnergyScript
{
    public static readonly Arbitrary<(int Channel, int Ms, int Energy, bool Bridged, int Lag)[]> Steps =
        (from channel in Gen.Choose(0, 4)
         from ms in Gen.OneOf(Gen.Constant(0), Gen.Choose(1, 40_000), Gen.Elements(10_000, 20_000))
         from energy in Gen.Choose(0, 10_000_000)
         from bridged in Gen.Elements(false, false, true)
         from lag in Gen.OneOf(Gen.Constant(-1), Gen.Constant(-1), Gen.Choose(0, 200_000))
         select (channel, ms, energy, bridged, lag)).ArrayOf().ToArbitrary();

    public static Inventory Inventory() =>
        Fixture.Inventory()
            .Map(Fixture.Device, 3, "gpu-a02", "psu1", Fixture.Commissioned)
            .Map(Fixture.Device, 0, "gpu-a02", "psu2", Fixture.Commissioned.AddMinutes(5));

    /// <summary>An event: an interval to add, or a time to take ready buckets at.</summary>
    public sealed record Event(ChannelInterval? Interval, long? Now);

    public static List<Event> Play((int Channel, int Ms, int Energy, bool Bridged, int Lag)[] steps)
    {
        var ends = Enumerable.Range(0, 5).Select(c => Fixture.T0 + 1 + (c * 1_234L)).ToArray();
        var seqs = new long[5];
        long now = Fixture.T0;
        var events = new List<Event>();
        foreach (var (channel, ms, energy, bridged, lag) in steps)
        {
            var start = ends[channel];
            ends[channel] += ms;
            var bridge = bridged ? BridgeReason.TimeGap : BridgeReason.None;
            events.Add(new Event(new ChannelInterval(Fixture.Device, channel, 9, start, ends[channel], energy, bridge, 1, ++seqs[channel], Metering.Collector.Ingest.TimeSource.Device), null));
            if (lag >= 0)
            {
                now = Math.Max(now, ends.Max() + lag);
                events.Add(new Event(null, now));
            }
        }

        return events;
    }

    /// <summary>Runs the events; returns every emission in order.</summary>
    public static List<NodeEnergy> Run(NodeEnergyAccumulator nodes, IEnumerable<Event> events)
    {
        var emitted = new List<NodeEnergy>();
        foreach (var e in events)
        {
            if (e.Interval is not null)
            {
                nodes.Add(e.Interval);
            }
            else
            {
                emitted.AddRange(nodes.TakeReady(e.Now!.Value));
            }
        }

        return emitted;
    }
}
