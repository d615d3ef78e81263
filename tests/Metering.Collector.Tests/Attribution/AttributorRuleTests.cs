using Metering.Collector.Attribution;
using Metering.Collector.Jobs;
using Metering.Collector.Nodes;
using static Metering.Collector.Attribution.AttributionMethod;
using static Metering.Collector.Tests.Attribution.Given;

namespace Metering.Collector.Tests.Attribution;

/// <summary>
/// One row per rule, with hand-computed numbers (README.md "Rules" repeats them). The node is gpu-a01: 8 GPUs and
/// 64 cores = 3 040 W at 300 W/GPU and 10 W/core, idle 800 W, 10 s buckets, so the idle budget is 8 000 000 mJ.
/// </summary>
public sealed class AttributorRuleTests
{
    private static readonly Dictionary<string, Case> Table = new()
    {
        // 900 W for 10 s, nobody: shared puts everything in unallocated; overhead keeps the idle and leaves the dynamic unallocated.
        ["no jobs, shared"] = new(Bucket(9_000_000), [], [], Idle800, IdlePolicy.Shared, [], Overhead: 0, Unallocated: 9_000_000, Idle: 8_000_000),
        ["no jobs, overhead"] = new(Bucket(9_000_000), [], [], Idle800, IdlePolicy.Overhead, [], Overhead: 8_000_000, Unallocated: 1_000_000, Idle: 8_000_000),

        // One job holding the whole node for the whole bucket takes everything.
        ["exclusive"] = new(Bucket(50_000_000), [Job("a", 8, 64)], [], Idle800, IdlePolicy.Shared, [("a", 8_000_000, 42_000_000, Allocation)], 0, 0, 8_000_000),

        // 6 GPUs + 48 cores = 2 280 W and 2 GPUs + 16 cores = 760 W fill the node's 3 040 W: idle 3/4 : 1/4, dynamic too.
        ["6+2 GPUs by allocation"] = new(Bucket(47_000_000), [Job("train", 6, 48), Job("infer", 2, 16)], [], Idle800, IdlePolicy.Shared,
            [("infer", 2_000_000, 9_750_000, Allocation), ("train", 6_000_000, 29_250_000, Allocation)], 0, 0, 8_000_000),

        // Estimates 3 600 W and 240 W: dynamic 39 000 000 x 3600/3840 = 36 562 500 and x 240/3840 = 2 437 500; idle still by resources.
        ["6+2 GPUs by estimate"] = new(Bucket(47_000_000), [Job("train", 6, 48), Job("infer", 2, 16)], [Estimate("train", 3600), Estimate("infer", 240)], Idle800, IdlePolicy.Shared,
            [("infer", 2_000_000, 2_437_500, AttributionMethod.Estimate), ("train", 6_000_000, 36_562_500, AttributionMethod.Estimate)], 0, 0, 8_000_000),

        // Only train has an estimate: infer weighs its allocation, 760 W. 39e6 x 3600/4360 = 32 201 834.86, x 760/4360 = 6 798 165.14;
        // the one leftover mJ goes to the larger remainder (train).
        ["estimate for one job only"] = new(Bucket(47_000_000), [Job("train", 6, 48), Job("infer", 2, 16)], [Estimate("train", 3600)], Idle800, IdlePolicy.Shared,
            [("infer", 2_000_000, 6_798_165, Allocation), ("train", 6_000_000, 32_201_835, AttributionMethod.Estimate)], 0, 0, 8_000_000),

        // An estimate over the first 4 s only: 4 s x 3 000 W + 6 s x 2 280 W (allocation) against infer's 10 s x 760 W.
        // Weights 25 680 000 and 7 600 000 (mW x ms / 1000): 39e6 x 25680/33280 = 30 093 750, x 7600/33280 = 8 906 250.
        ["estimate over part of the bucket"] = new(Bucket(47_000_000), [Job("train", 6, 48), Job("infer", 2, 16)], [Estimate("train", 3000, T0 - 1_000, T0 + 4_000)], Idle800, IdlePolicy.Shared,
            [("infer", 2_000_000, 8_906_250, Allocation), ("train", 6_000_000, 30_093_750, Mixed)], 0, 0, 8_000_000),

        // 4 GPUs + 32 cores (1 520 W, half the node) for 2.5 s of 10: idle 8e6 x 1/2 x 1/4 = 1 000 000, the rest unallocated; all dynamic is its.
        ["job shorter than the bucket"] = new(Bucket(10_000_000), [Job("short", 4, 32, T0 + 3_000, T0 + 5_500)], [], Idle800, IdlePolicy.Shared,
            [("short", 1_000_000, 2_000_000, Allocation)], 0, 7_000_000, 8_000_000),

        // The same job where the meters sampled the node at 1 000 W at most: over its 2.5 s it may take 2 500 000 mJ,
        // 1 000 000 of idle and 1 500 000 of the 2 000 000 dynamic; the 500 000 held back is unallocated (rule 8).
        ["a short job capped at the node's sampled peak"] = new(Bucket(10_000_000) with { PeakMilliwatts = 1_000_000 }, [Job("short", 4, 32, T0 + 3_000, T0 + 5_500)], [], Idle800, IdlePolicy.Shared,
            [("short", 1_000_000, 1_500_000, Allocation)], 0, 7_500_000, 8_000_000),

        // Same allocation, one after the other: 4 s and 6 s. Idle 8e6 x 1/2 x 0.4 and x 0.6; dynamic 2e6 split 4:6.
        ["jobs one after the other"] = new(Bucket(10_000_000), [Job("first", 4, 32, T0 - 5_000, T0 + 4_000), Job("second", 4, 32, T0 + 4_000)], [], Idle800, IdlePolicy.Shared,
            [("first", 1_600_000, 800_000, Allocation), ("second", 2_400_000, 1_200_000, Allocation)], 0, 4_000_000, 8_000_000),

        // A CPU-only job (16 cores = 160 W) beside a GPU job (2 GPUs, no cores = 600 W): idle 8e6 x 160/3040 and x 600/3040,
        // dynamic 2e6 split 160:600.
        ["CPU-only job beside a GPU job"] = new(Bucket(10_000_000), [Job("cpu", 0, 16), Job("gpu", 2, 0)], [], Idle800, IdlePolicy.Shared,
            [("cpu", 421_053, 421_053, Allocation), ("gpu", 1_578_947, 1_578_947, Allocation)], 0, 6_000_000, 8_000_000),

        // 500 W measured against an 800 W baseline: idle = measured, dynamic 0.
        ["measured below the idle baseline"] = new(Bucket(5_000_000), [Job("a", 8, 64)], [], Idle800, IdlePolicy.Shared, [("a", 5_000_000, 0, Allocation)], 0, 0, 5_000_000),

        ["zero measured"] = new(Bucket(0), [Job("a", 4, 32)], [], Idle800, IdlePolicy.Shared, [("a", 0, 0, Allocation)], 0, 0, 0),

        // Half the bucket metered: the idle budget is 800 W x 10 s x 0.5 = 4 000 000 mJ; what was measured is attributed.
        ["coverage 0.5"] = new(Bucket(4_500_000, coverage: 0.5), [Job("a", 8, 64)], [], Idle800, IdlePolicy.Shared, [("a", 4_000_000, 500_000, Allocation)], 0, 0, 4_000_000),

        // No baseline yet: idle 0, everything dynamic.
        ["baseline not learned"] = new(Bucket(9_000_000), [Job("a", 4, 32)], [], IdleBaseline.NotLearned, IdlePolicy.Shared, [("a", 0, 9_000_000, Allocation)], 0, 0, 0),

        // Overhead policy: the node keeps the idle, jobs split the dynamic.
        ["overhead with jobs"] = new(Bucket(47_000_000), [Job("train", 6, 48), Job("infer", 2, 16)], [], Idle800, IdlePolicy.Overhead,
            [("infer", 0, 9_750_000, Allocation), ("train", 0, 29_250_000, Allocation)], 8_000_000, 0, 8_000_000),

        // Two jobs both claiming all 8 GPUs and 64 cores (twice the node): idle is split 1:1 with nothing unallocated.
        ["oversubscribed"] = new(Bucket(10_000_000), [Job("a", 8, 64), Job("b", 8, 64)], [], Idle800, IdlePolicy.Shared,
            [("a", 4_000_000, 1_000_000, Allocation), ("b", 4_000_000, 1_000_000, Allocation)], 0, 0, 8_000_000),

        // 10 mJ of dynamic over three equal jobs: 3.33 each, the leftover mJ to the first by id.
        ["rounding: largest remainder, ties to the first job id"] = new(Bucket(10), [Job("c", 1, 0), Job("a", 1, 0), Job("b", 1, 0)], [], IdleBaseline.Configured(0), IdlePolicy.Overhead,
            [("a", 0, 4, Allocation), ("b", 0, 3, Allocation), ("c", 0, 3, Allocation)], 0, 0, 0),

        // Estimates of 0 W for both: no weight anywhere, so dynamic goes by time (both the whole bucket: 1:1).
        ["zero weights fall back to time"] = new(Bucket(9_000_000), [Job("a", 4, 32), Job("b", 4, 32)], [Estimate("a", 0), Estimate("b", 0)], Idle800, IdlePolicy.Overhead,
            [("a", 0, 500_000, AttributionMethod.Estimate), ("b", 0, 500_000, AttributionMethod.Estimate)], 8_000_000, 0, 8_000_000),

        // An estimate that is not a number or negative is ignored: allocation.
        ["invalid estimates are ignored"] = new(Bucket(9_000_000), [Job("a", 4, 32), Job("b", 4, 32)], [Estimate("a", double.NaN), Estimate("b", -5)], Idle800, IdlePolicy.Overhead,
            [("a", 0, 500_000, Allocation), ("b", 0, 500_000, Allocation)], 8_000_000, 0, 8_000_000),

        // Jobs elsewhere, ended before the bucket, or starting at its end get no record.
        ["jobs outside the bucket or node"] = new(Bucket(9_000_000), [Job("gone", 4, 32, T0 - 9_000, T0), Job("later", 4, 32, T0 + W), Job("other", 4, 32, node: "gpu-a02")], [], Idle800, IdlePolicy.Shared,
            [], 0, 9_000_000, 8_000_000),
    };

    public static TheoryData<string> Cases => [.. Table.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule(string name)
    {
        var c = Table[name];
        var a = new Attributor(new AttributionPolicy { IdlePolicy = c.Policy }).Attribute(c.Bucket, Node(), c.Jobs, c.Estimates, c.Baseline);

        Assert.Equal(c.Expected.Select(e => e.Job), a.Jobs.Select(j => j.JobId));
        foreach (var (e, j) in c.Expected.Zip(a.Jobs))
        {
            Assert.Equal((e.Idle, e.Dynamic, e.Idle + e.Dynamic, e.Method), (j.IdleMillijoules, j.DynamicMillijoules, j.ItMillijoules, j.Method));
        }

        Assert.Equal((c.Idle, c.Bucket.EnergyMillijoules - c.Idle), (a.Remainder.IdleMillijoules, a.Remainder.DynamicMillijoules));
        Assert.Equal((c.Overhead, c.Unallocated), (a.Remainder.IdleOverheadMillijoules, a.Remainder.UnallocatedMillijoules));
        Assert.Equal(0, Imbalance(a));
        Assert.Equal(0, a.Remainder.ConservationRemainderMillijoules);
    }

    [Fact]
    public void Records_carry_overlap_estimated_time_coverage_revision_and_flags()
    {
        var a = new Attributor().Attribute(Bucket(4_500_000, coverage: 0.5, revision: 2), Node(), [Job("a", 6, 48, T0 + 2_500), Job("b", 2, 16)], [Estimate("a", 3000, T0, T0 + 4_000)], IdleBaseline.NotLearned);

        var r = a.Jobs[0];
        Assert.Equal(("a", 7_500L, 1_500L, Mixed, 0.5, 2), (r.JobId, r.OverlapMs, r.EstimatedMs, r.Method, r.Coverage, r.Revision));
        var expected = AttributionFlags.IdleNotLearned | AttributionFlags.PartialCoverage | AttributionFlags.PueDefault | AttributionFlags.CarbonMissing;
        Assert.Equal(expected, r.Flags);
        Assert.Equal(expected, a.Remainder.Flags);
        Assert.Equal((IdleBaselineSource.NotLearned, (long?)null, 2), (a.Remainder.BaselineSource, a.Remainder.BaselineMilliwatts, a.Remainder.Jobs));
    }

    [Fact]
    public void A_running_job_counts_to_the_end_of_the_bucket_and_a_job_given_twice_is_refused()
    {
        var a = new Attributor().Attribute(Bucket(9_000_000), Node(), [Job("run", 8, 64, T0 - 3_600_000, end: null)], [], Idle800);
        Assert.Equal(W, a.Jobs.Single().OverlapMs);

        var ex = Assert.Throws<ArgumentException>(() => new Attributor().Attribute(Bucket(1), Node(), [Job("x", 1, 0), Job("x", 2, 0)], [], Idle800));
        Assert.Contains("job \"x\" is given twice", ex.Message);
    }

    [Theory]
    [InlineData(-1, 10_000, "gpu-a01", "must not be negative")]
    [InlineData(1, 0, "gpu-a01", "bucket width")]
    [InlineData(1, 10_000, "gpu-a02", "the bucket is node \"gpu-a02\"'s, not \"gpu-a01\"'s")]
    public void Bad_buckets_are_refused(long energy, long width, string node, string message)
    {
        var bucket = new NodeEnergy("paris-dc1", node, T0, width, energy, 0, 1, 0, true, 0, []);
        var ex = Assert.ThrowsAny<ArgumentException>(() => new Attributor().Attribute(bucket, Node(), [], [], Idle800));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void Reference_watts_come_from_the_node_then_its_type_then_the_default()
    {
        var policy = new AttributionPolicy
        {
            ReferenceByNodeType = new Dictionary<string, ReferenceWatts> { ["HGX H100"] = new(700, 5) },
            ReferenceByNode = new Dictionary<string, ReferenceWatts> { ["gpu-a09"] = new(400, 0) },
        };
        var h100 = new Dictionary<string, string> { ["model"] = "HGX H100" };

        Assert.Equal(new ReferenceWatts(700, 5), policy.ReferenceFor(Node(labels: h100)));
        Assert.Equal(new ReferenceWatts(400, 0), policy.ReferenceFor(Node(id: "gpu-a09", labels: h100)));
        Assert.Equal(ReferenceWatts.Default, policy.ReferenceFor(Node()));

        // With 700 W/GPU and 5 W/core, a CPU-only job of 16 cores (80 W) and a 2-GPU job (1 400 W) split 2e6 mJ of dynamic 80:1400.
        var a = new Attributor(policy with { IdlePolicy = IdlePolicy.Overhead }).Attribute(Bucket(10_000_000), Node(labels: h100), [Job("cpu", 0, 16), Job("gpu", 2, 0)], [], Idle800);
        Assert.Equal([108_108L, 1_891_892L], a.Jobs.Select(j => j.DynamicMillijoules));
    }

    [Theory]
    [InlineData(-1, 10, "GPU reference watts")]
    [InlineData(300, double.NaN, "core reference watts")]
    public void Bad_reference_watts_are_refused(double gpu, double core, string message)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new Attributor(new AttributionPolicy { Reference = new(gpu, core) }));
        Assert.Contains(message, ex.Message);
    }

    private sealed record Case(
        NodeEnergy Bucket,
        Job[] Jobs,
        PowerEstimate[] Estimates,
        IdleBaseline Baseline,
        IdlePolicy Policy,
        (string Job, long Idle, long Dynamic, AttributionMethod Method)[] Expected,
        long Overhead,
        long Unallocated,
        long Idle);
}
