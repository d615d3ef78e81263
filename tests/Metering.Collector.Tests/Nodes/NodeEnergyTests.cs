using Metering.Collector.Nodes;
using static Metering.Collector.Tests.Nodes.Intervals;

namespace Metering.Collector.Tests.Nodes;

/// <summary>Node gpu-a01: channel 0 on psu1 (wall), 1 on psu2 (wall), 2 on gpu0-12v (submeter). T0 is 08:00:00, a 10 s boundary.</summary>
public sealed class NodeEnergyTests
{
    private const long Horizon = 120_000;
    private readonly NodeEnergyAccumulator _nodes = new(Fixture.Inventory());

    [Fact]
    public void Node_energy_is_the_sum_of_the_wall_feeds_and_submeters_are_reported_only()
    {
        _nodes.Add(Iv(0, 0, 10_000, 2_000_000) with { PowerMaxMilliwatts = 230_000 });
        _nodes.Add(Iv(1, 0, 10_000, 1_900_000) with { PowerMaxMilliwatts = 215_000 });
        _nodes.Add(Iv(2, 0, 10_000, 1_500_000));

        var e = Assert.Single(_nodes.TakeReady(Fixture.T0 + 10_000));
        Assert.Equal(("paris-dc1", "gpu-a01", Fixture.T0, 10_000L), (e.SiteId, e.NodeId, e.BucketStartMs, e.WidthMs));
        Assert.Equal((3_900_000L, 390_000L, 1.0, 0.0, true, 0), (e.EnergyMillijoules, e.PowerMeanMilliwatts, e.Coverage, e.BridgedShare, e.Complete, e.Revision));
        Assert.Equal(
            [
                new FeedEnergy("gpu0-12v", FeedRole.Submeter, 1_500_000, 10_000, 0) { PeaklessMs = 10_000 },
                new FeedEnergy("psu1", FeedRole.Wall, 2_000_000, 10_000, 0) { PeakMilliwatts = 230_000 },
                new FeedEnergy("psu2", FeedRole.Wall, 1_900_000, 10_000, 0) { PeakMilliwatts = 215_000 },
            ],
            e.Feeds);
        Assert.Equal(445_000, e.PeakMilliwatts);   // the wall feeds' maxima summed; the submeter is not the node's
    }

    [Fact]
    public void The_node_peak_is_unknown_when_a_wall_feed_s_interval_has_no_sampled_maximum()
    {
        _nodes.Add(Iv(0, 0, 10_000, 2_000_000) with { PowerMaxMilliwatts = 230_000 });
        _nodes.Add(Iv(1, 0, 10_000, 1_900_000));   // bridged, or a window without samples

        Assert.Null(Assert.Single(_nodes.TakeReady(Fixture.T0 + 10_000)).PeakMilliwatts);
    }

    [Fact]
    public void A_silent_wall_feed_holds_the_bucket_until_the_horizon_then_it_is_emitted_with_half_coverage()
    {
        _nodes.Add(Iv(0, 0, 10_000, 2_000_000));

        Assert.Empty(_nodes.TakeReady(Fixture.T0 + 10_000));
        Assert.Empty(_nodes.TakeReady(Fixture.T0 + 10_000 + Horizon - 1));
        var e = Assert.Single(_nodes.TakeReady(Fixture.T0 + 10_000 + Horizon));
        Assert.Equal((2_000_000L, 0.5, false), (e.EnergyMillijoules, e.Coverage, e.Complete));
        Assert.Equal(new FeedEnergy("psu2", FeedRole.Wall, 0, 0, 0), e.Feeds.Single(f => f.FeedId == "psu2"));
        Assert.Empty(_nodes.TakeReady(Fixture.T0 + 10_000 + Horizon + 1));
    }

    [Fact]
    public void A_silent_submeter_does_not_hold_the_bucket()
    {
        _nodes.Add(Iv(0, 0, 10_000, 1));
        _nodes.Add(Iv(1, 0, 10_000, 1));

        Assert.True(Assert.Single(_nodes.TakeReady(Fixture.T0)).Complete);
    }

    [Fact]
    public void A_bucket_completes_when_every_wall_feed_has_reported_past_its_end()
    {
        _nodes.Add(Iv(0, 0, 20_000, 2_000));
        _nodes.Add(Iv(1, 0, 10_000, 1_000));

        Assert.Equal([Fixture.T0], _nodes.TakeReady(Fixture.T0).Select(e => e.BucketStartMs));
        _nodes.Add(Iv(1, 10_000, 15_000, 500));
        Assert.Empty(_nodes.TakeReady(Fixture.T0 + 15_000));
        _nodes.Add(Iv(1, 15_000, 20_000, 500));
        var second = Assert.Single(_nodes.TakeReady(Fixture.T0 + 20_000));
        Assert.Equal((Fixture.T0 + 10_000, 2_000L, 1.0), (second.BucketStartMs, second.EnergyMillijoules, second.Coverage));
    }

    [Fact]
    public void An_interval_across_a_boundary_is_cut_pro_rata()
    {
        _nodes.Add(Iv(0, 5_000, 15_000, 1_000));
        _nodes.Add(Iv(1, 0, 20_000, 0));

        var buckets = _nodes.TakeReady(Fixture.T0 + 200_000);

        Assert.Equal([(500L, 0.75), (500L, 0.75)], buckets.Select(b => (b.EnergyMillijoules, b.Coverage)));
    }

    [Fact]
    public void Bridged_time_counts_as_covered_and_is_flagged()
    {
        _nodes.Add(Iv(0, 0, 30_000, 3_000, bridged: true));
        _nodes.Add(Iv(1, 0, 30_000, 3_000));

        var buckets = _nodes.TakeReady(Fixture.T0 + 30_000);

        Assert.Equal(3, buckets.Count);
        Assert.All(buckets, b => Assert.Equal((2_000L, 1.0, 0.5), (b.EnergyMillijoules, b.Coverage, b.BridgedShare)));
        Assert.All(buckets, b => Assert.Equal(10_000, b.Feeds.Single(f => f.FeedId == "psu1").BridgedMs));
    }

    [Fact]
    public void A_late_interval_re_emits_the_bucket_with_updated_totals()
    {
        _nodes.Add(Iv(0, 0, 10_000, 2_000_000));
        var first = Assert.Single(_nodes.TakeReady(Fixture.T0 + 10_000 + Horizon));

        _nodes.Add(Iv(1, 0, 10_000, 1_900_000));
        var again = Assert.Single(_nodes.TakeReady(Fixture.T0 + 10_000 + Horizon + 1_000));

        Assert.Equal((0, 2_000_000L, 0.5, false), (first.Revision, first.EnergyMillijoules, first.Coverage, first.Complete));
        Assert.Equal((1, 3_900_000L, 1.0, true), (again.Revision, again.EnergyMillijoules, again.Coverage, again.Complete));
        Assert.Equal((first.SiteId, first.NodeId, first.BucketStartMs), (again.SiteId, again.NodeId, again.BucketStartMs));
        Assert.Equal((1L, 1L, 1L), (_nodes.Stats.LateShares, _nodes.Stats.Reemitted, _nodes.Stats.Emitted));
    }

    [Fact]
    public void Beyond_retention_a_late_interval_is_counted_too_late()
    {
        _nodes.Add(Iv(0, 0, 10_000, 2_000_000));
        _nodes.TakeReady(Fixture.T0 + 10_000 + 3_600_000);
        Assert.Equal(0, _nodes.BucketCount);

        _nodes.Add(Iv(1, 0, 10_000, 1_900_000));

        Assert.Empty(_nodes.TakeReady(Fixture.T0 + 10_000 + 3_600_001));
        Assert.Equal((1L, 1_900_000L), (_nodes.Stats.TooLateShares, _nodes.Stats.TooLateMillijoules));
    }

    [Fact]
    public void An_interval_given_twice_counts_once()
    {
        _nodes.Add(Iv(0, 0, 10_000, 2_000));
        Assert.Empty(_nodes.Add(Iv(0, 0, 10_000, 2_000)));
        _nodes.Add(Iv(1, 0, 10_000, 1_000));

        Assert.Equal(3_000, Assert.Single(_nodes.TakeReady(Fixture.T0 + 10_000)).EnergyMillijoules);
        Assert.Equal((2L, 1L), (_nodes.Stats.Intervals, _nodes.Stats.DuplicateIntervals));
    }

    [Fact]
    public void An_unmapped_interval_is_counted_and_returned_without_a_feed()
    {
        var parts = _nodes.Add(Iv(7, 0, 10_000, 4_000));

        Assert.Null(Assert.Single(parts).Feed);
        Assert.Empty(_nodes.TakeReady(Fixture.T0 + 1_000_000));
        Assert.Equal((1L, 4_000L), (_nodes.Stats.UnmappedParts, _nodes.Stats.UnmappedMillijoules));
    }

    [Fact]
    public void A_channel_moved_inside_an_interval_feeds_both_nodes()
    {
        _nodes.Inventory = _nodes.Inventory.Map(Fixture.Device, 0, "gpu-a02", "psu1", Fixture.Commissioned.AddSeconds(4));

        _nodes.Add(Iv(0, 0, 10_000, 1_000));
        var buckets = _nodes.TakeReady(Fixture.T0 + 1_000_000);

        Assert.Equal([("gpu-a01", 400L, 0.2), ("gpu-a02", 600L, 0.3)], buckets.Select(b => (b.NodeId, b.EnergyMillijoules, b.Coverage)));
    }

    [Fact]
    public void A_zero_length_interval_on_a_boundary_lands_in_the_bucket_ending_there()
    {
        _nodes.Add(Iv(0, 10_000, 10_000, 70));

        Assert.Equal([Fixture.T0], _nodes.TakeReady(Fixture.T0 + 1_000_000).Select(b => b.BucketStartMs));
    }

    [Fact]
    public void Mean_power_is_rounded_over_the_whole_width()
    {
        var nodes = new NodeEnergyAccumulator(Fixture.Inventory(), new NodeEnergyOptions { WidthMs = 3_000 });
        nodes.Add(Iv(0, 0, 3_000, 5));
        nodes.Add(Iv(1, 0, 3_000, 0));

        Assert.Equal(2, Assert.Single(nodes.TakeReady(Fixture.T0 + 3_000)).PowerMeanMilliwatts);
    }

    [Fact]
    public void A_snapshot_is_imported_only_with_its_bucket_width()
    {
        _nodes.Add(Iv(0, 0, 10_000, 2_000));
        var snapshot = _nodes.Export();

        var e = Assert.Throws<ArgumentException>(() => NodeEnergyAccumulator.Import(snapshot, Fixture.Inventory(), new NodeEnergyOptions { WidthMs = 60_000 }));
        Assert.Contains("10000 ms buckets", e.Message);
        Assert.Equal(1, NodeEnergyAccumulator.Import(snapshot, Fixture.Inventory()).BucketCount);
    }

    [Theory]
    [InlineData(0, 0, 0, "WidthMs")]
    [InlineData(10_000, -1, 0, "LatenessHorizonMs")]
    [InlineData(10_000, 120_000, 60_000, "RetentionMs")]
    public void Options_out_of_range_are_refused_by_name(long width, long horizon, long retention, string name)
    {
        var options = new NodeEnergyOptions { WidthMs = width, LatenessHorizonMs = horizon, RetentionMs = retention };

        Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(() => new NodeEnergyAccumulator(Inventory.Empty, options)).ParamName);
    }
}
