using System.Text.Json;
using Metering.Collector.Intervals;

namespace Metering.Collector.Tests.Intervals;

public sealed class IntervalEngineTests
{
    [Fact]
    public void Channels_are_followed_independently()
    {
        var engine = new IntervalEngine();
        engine.Process(Readings.R(1, 0, 7, 100, 10_000, channel: 0));
        engine.Process(Readings.R(1, 0, 8, 5_000, 10_000, channel: 1));
        var a = engine.Process(Readings.R(1, 1, 7, 160, 20_000, channel: 0));
        var b = engine.Process(Readings.R(1, 1, 8, 5_900, 20_000, channel: 1));

        Assert.Equal(60, a.Interval!.EnergyMillijoules);
        Assert.Equal(900, b.Interval!.EnergyMillijoules);
        Assert.Equal(2, engine.ChannelCount);
    }

    [Fact]
    public void Export_is_ordered_by_device_then_channel()
    {
        var engine = new IntervalEngine();
        engine.Process(Readings.R(1, 0, 7, 0, 10_000, device: "b", channel: 0));
        engine.Process(Readings.R(1, 0, 7, 0, 10_000, device: "a", channel: 3));
        engine.Process(Readings.R(1, 0, 7, 0, 10_000, device: "a", channel: 1));

        Assert.Equal(["a/1", "a/3", "b/0"], engine.Export().Select(s => s.Channel.ToString()));
    }

    [Fact]
    public void State_survives_a_json_round_trip_and_resumes_where_it_stopped()
    {
        var engine = new IntervalEngine();
        engine.Process(Readings.R(1, 0, 7, 100, 10_000));
        engine.Process(Readings.R(1, 1, 7, 150, 20_000));
        var json = JsonSerializer.Serialize(engine.Export());

        var restored = JsonSerializer.Deserialize<List<ChannelState>>(json)!;
        Assert.Equal(engine.Export(), restored);
        var resumed = new IntervalEngine(restored);
        var step = resumed.Process(Readings.R(1, 2, 7, 175, 30_000));

        Assert.Equal(ReadingOutcome.Interval, step.Outcome);
        Assert.Equal((20_000L, 30_000L, 25L), (step.Interval!.StartMs, step.Interval.EndMs, step.Interval.EnergyMillijoules));
        Assert.Equal(ReadingOutcome.Duplicate, resumed.Process(Readings.R(1, 2, 7, 175, 30_000)).Outcome);
    }

    [Fact]
    public void Two_saved_states_of_one_channel_are_refused()
    {
        var state = ChannelIntervalRules.Step(null, Readings.R(1, 0, 7, 0, 10_000)).State;

        var e = Assert.Throws<ArgumentException>(() => new IntervalEngine([state, state with { Sequence = 4 }]));
        Assert.Contains("rack12-node07-a/0", e.Message);
    }

    [Theory]
    [InlineData(0.5, 10_000, "GapFactor")]
    [InlineData(double.NaN, 10_000, "GapFactor")]
    [InlineData(double.PositiveInfinity, 10_000, "GapFactor")]
    [InlineData(1.5, 0, "FallbackWindowMs")]
    public void Options_out_of_range_are_refused_by_name(double factor, long window, string name)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new IntervalEngine(options: new IntervalOptions { GapFactor = factor, FallbackWindowMs = window }));
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void A_larger_gap_factor_tolerates_a_late_window()
    {
        var engine = new IntervalEngine(options: new IntervalOptions { GapFactor = 3 });
        engine.Process(Readings.R(1, 0, 7, 0, 10_000));

        Assert.Equal(ReadingOutcome.Interval, engine.Process(Readings.R(1, 1, 7, 10, 35_000)).Outcome);
        Assert.Equal(ReadingOutcome.Bridged, engine.Process(Readings.R(1, 2, 7, 20, 66_000)).Outcome);
    }
}
