using System.Text.Json;
using Metering.Collector.Attribution;

namespace Metering.Collector.Tests.Attribution;

public sealed class IdleBaselineLearnerTests
{
    private static IdleBaselineLearner Learner(double percentile = 5, int window = 360, int min = 30) =>
        new(new IdleLearningOptions { Percentile = percentile, WindowSamples = window, MinSamples = min });

    /// <summary>Samples 1..20 W (as mW): nearest rank ceil(p/100 x 20).</summary>
    [Theory]
    [InlineData(0, 1_000)]     // rank 0 -> clamped to 1: the minimum
    [InlineData(5, 1_000)]     // ceil(1.0) = 1
    [InlineData(6, 2_000)]     // ceil(1.2) = 2
    [InlineData(10, 2_000)]    // ceil(2.0) = 2
    [InlineData(50, 10_000)]   // ceil(10) = 10
    [InlineData(51, 11_000)]   // ceil(10.2) = 11
    [InlineData(100, 20_000)]  // the maximum
    public void The_baseline_is_the_nearest_rank_percentile(double percentile, long expected)
    {
        var learner = Learner(percentile, min: 20);
        foreach (var k in new[] { 7, 3, 20, 1, 15, 9, 12, 2, 18, 5, 11, 4, 16, 8, 19, 6, 14, 10, 17, 13 })
        {
            learner.Observe(k * 10_000L, k * 1_000L);
        }

        Assert.Equal(expected, learner.BaselineMilliwatts);
    }

    [Fact]
    public void No_baseline_until_min_samples()
    {
        var learner = Learner(min: 3);
        learner.Observe(0, 500_000);
        learner.Observe(10_000, 450_000);
        Assert.Null(learner.BaselineMilliwatts);
        learner.Observe(20_000, 480_000);
        Assert.Equal(450_000, learner.BaselineMilliwatts);
    }

    [Fact]
    public void A_full_window_drops_the_oldest_and_refuses_older_buckets()
    {
        var learner = Learner(percentile: 0, window: 3, min: 1);
        learner.Observe(10_000, 100_000);
        learner.Observe(20_000, 500_000);
        learner.Observe(30_000, 600_000);
        Assert.Equal(100_000, learner.BaselineMilliwatts);

        Assert.True(learner.Observe(40_000, 700_000));    // the 100 W sample at 10 000 leaves
        Assert.Equal(500_000, learner.BaselineMilliwatts);
        Assert.False(learner.Observe(5_000, 1_000));      // older than every held sample in a full window
        Assert.Equal([20_000L, 30_000L, 40_000L], learner.Export("n").Samples.Select(s => s.BucketStartMs));
    }

    [Fact]
    public void Observing_a_bucket_again_replaces_its_sample_and_forget_removes_it()
    {
        var learner = Learner(percentile: 0, min: 1);
        learner.Observe(10_000, 300_000);
        learner.Observe(20_000, 400_000);
        learner.Observe(10_000, 350_000);   // a re-emitted bucket
        Assert.Equal((2, 350_000L), (learner.Count, learner.BaselineMilliwatts!.Value));

        Assert.True(learner.Forget(10_000));   // the bucket turned out to have a job
        Assert.False(learner.Forget(10_000));
        Assert.Equal((1, 400_000L), (learner.Count, learner.BaselineMilliwatts!.Value));
    }

    [Fact]
    public void State_round_trips_through_json()
    {
        var learner = Learner(percentile: 5, window: 50, min: 10);
        var rng = new Random(3);
        for (var i = 0; i < 80; i++)
        {
            learner.Observe(i * 10_000L, rng.Next(400_000, 900_000));
        }

        var json = JsonSerializer.Serialize(learner.Export("gpu-a01"));
        var restored = new IdleBaselineLearner(learner.Options, JsonSerializer.Deserialize<IdleBaselineState>(json));

        Assert.Equal(json, JsonSerializer.Serialize(restored.Export("gpu-a01")));
        Assert.Equal(learner.BaselineMilliwatts, restored.BaselineMilliwatts);
        Assert.Equal(50, restored.Count);
    }

    [Theory]
    [InlineData(101, 360, 30, 1.0, "Percentile")]
    [InlineData(5, 0, 1, 1.0, "WindowSamples")]
    [InlineData(5, 10, 11, 1.0, "MinSamples")]
    [InlineData(5, 10, 5, 1.5, "MinCoverage")]
    public void Bad_options_are_refused(double percentile, int window, int min, double coverage, string parameter)
    {
        var options = new IdleLearningOptions { Percentile = percentile, WindowSamples = window, MinSamples = min, MinCoverage = coverage };
        Assert.Equal(parameter, Assert.Throws<ArgumentOutOfRangeException>(() => options.Validate()).ParamName);
    }
}
