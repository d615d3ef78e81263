using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Collector.Intervals;

namespace Metering.Collector.Tests.Intervals;

public sealed class IntervalPropertyTests
{
    [Property(MaxTest = 500)]
    public Property Stored_plus_quarantined_energy_is_the_counter_differences_as_the_device_reported_them() =>
        Prop.ForAll(DeviceScript.Arbitrary, steps =>
        {
            var readings = DeviceScript.Play(steps);
            var engine = new IntervalEngine();
            var results = readings.Select(engine.Process).ToList();

            // What a collector that trusts every reading adds: each rise within an epoch, each lineage bridge
            // (energy_mj - min(previous counter, prev_energy_mj)); nothing across a new epoch or life.
            long reported = 0, stored = 0, quarantined = 0;
            Metering.Collector.Ingest.AcceptedReading? previous = null;
            for (var i = 0; i < readings.Count; i++)
            {
                var (r, s) = (readings[i], results[i]);
                stored += s.Interval?.EnergyMillijoules ?? 0;
                quarantined += s.QuarantinedMillijoules;
                Assert.True((s.Interval?.EnergyMillijoules ?? 0) >= 0 && s.Quarantined.All(q => q.EnergyMillijoules >= 0));
                if (s.Outcome is ReadingOutcome.Duplicate or ReadingOutcome.Late)
                {
                    continue;
                }

                if (previous is { } p && p.Life == r.Life)
                {
                    reported += r.Epoch == p.Epoch ? Math.Max(0, r.EnergyMillijoules - p.EnergyMillijoules)
                        : r.PreviousEpoch == p.Epoch ? r.EnergyMillijoules - Math.Min(p.EnergyMillijoules, r.PreviousEnergyMillijoules!.Value)
                        : 0;
                }

                previous = r;
            }

            return stored + quarantined == reported;
        });

    [Property(MaxTest = 300)]
    public Property Intervals_and_gaps_tile_the_channel_timeline_without_overlap() =>
        Prop.ForAll(DeviceScript.Arbitrary, steps =>
        {
            var engine = new IntervalEngine();
            long? timelineEnd = null;
            foreach (var s in DeviceScript.Play(steps).Select(engine.Process))
            {
                // A gap, then an interval, each from where the previous one ended (a held reading emits neither).
                foreach (var (start, end) in new[] { s.Gap is { } g ? (g.StartMs, g.EndMs) : (-1L, -1L), s.Interval is { } iv ? (iv.StartMs, iv.EndMs) : (-1L, -1L) })
                {
                    if (start >= 0)
                    {
                        Assert.Equal(timelineEnd, start);
                        Assert.True(end >= start);
                        timelineEnd = end;
                    }
                }

                Assert.True(s.Interval is null && s.Gap is null || timelineEnd == s.State.EndMs);
                timelineEnd = s.State.EndMs;
            }

            return true;
        });

    [Property(MaxTest = 300)]
    public Property Replaying_from_an_exported_state_gives_identical_outputs() =>
        Prop.ForAll(DeviceScript.Arbitrary, Gen.Choose(0, 1000).ToArbitrary(), (steps, cut) =>
        {
            var readings = DeviceScript.Play(steps);
            var split = cut % (readings.Count + 1);
            var straight = new IntervalEngine();
            var expected = readings.Select(straight.Process).ToList();

            var first = new IntervalEngine();
            var outputs = readings.Take(split).Select(first.Process).ToList();
            var saved = JsonSerializer.Deserialize<List<ChannelState>>(JsonSerializer.Serialize(first.Export()))!;
            var resumed = new IntervalEngine(saved);
            outputs.AddRange(readings.Skip(split).Select(resumed.Process));

            var exported = resumed.Export();

            // The readings after the cut, replayed again (a crash before the state was saved), emit nothing and
            // move no baseline: only the duplicate and late counts grow.
            var replayed = readings.Skip(split).Select(resumed.Process).Where(s => s.Interval is not null || s.Gap is not null).ToList();
            var baselineKept = exported.Zip(resumed.Export(), (a, b) => a == b with { Counts = a.Counts }).All(x => x);
            return expected.SequenceEqual(outputs) && straight.Export().SequenceEqual(exported) && replayed.Count == 0 && baselineKept;
        });
}
