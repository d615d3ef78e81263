using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Collector.Intervals;

namespace Metering.Collector.Tests.Intervals;

public sealed class IntervalPropertyTests
{
    private static readonly HashSet<ReadingOutcome> Accepted =
        [ReadingOutcome.Baseline, ReadingOutcome.Interval, ReadingOutcome.Bridged, ReadingOutcome.NewEpoch, ReadingOutcome.CounterBackwards];

    [Property(MaxTest = 500)]
    public Property Interval_energy_is_the_counter_rise_of_each_accepted_run_and_never_negative() =>
        Prop.ForAll(DeviceScript.Arbitrary, steps =>
        {
            var readings = DeviceScript.Play(steps);
            var engine = new IntervalEngine();
            var results = readings.Select(engine.Process).ToList();

            // Accepted readings split into runs at each new baseline; within a run the energy is last - first.
            long expected = 0, runFirst = 0, runLast = 0, emitted = 0;
            for (var i = 0; i < readings.Count; i++)
            {
                var s = results[i];
                if (!Accepted.Contains(s.Outcome))
                {
                    continue;
                }

                if (s.Interval is null)
                {
                    expected += runLast - runFirst;
                    runFirst = readings[i].EnergyMillijoules;
                }

                runLast = readings[i].EnergyMillijoules;
                emitted += s.Interval?.EnergyMillijoules ?? 0;
                Assert.True((s.Interval?.EnergyMillijoules ?? 0) >= 0);
            }

            expected += runLast - runFirst;
            return emitted == expected;
        });

    [Property(MaxTest = 300)]
    public Property Intervals_and_gaps_tile_the_channel_timeline_without_overlap() =>
        Prop.ForAll(DeviceScript.Arbitrary, steps =>
        {
            var engine = new IntervalEngine();
            long? timelineEnd = null;
            foreach (var s in DeviceScript.Play(steps).Select(engine.Process))
            {
                var (start, end) = s.Interval is { } iv ? (iv.StartMs, iv.EndMs) : s.Gap is { } g ? (g.StartMs, g.EndMs) : (-1L, -1L);
                if (start >= 0)
                {
                    Assert.Equal(timelineEnd, start);
                    Assert.True(end >= start);
                }

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
