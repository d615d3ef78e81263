using Metering.Simulation;
using static Metering.Collector.Tests.Simulation.ReferenceNode;

namespace Metering.Collector.Tests.Simulation;

/// <summary>
/// The truth convention (README, "The truth"), from the physics alone: the wall energy is all accounted for, the
/// dynamic part follows each job's own dynamic power, the idle floor follows the idle power of what each job holds.
/// </summary>
public sealed class TruthTests
{
    [Fact]
    public void The_worked_example_shares_the_wall_energy_among_the_jobs_and_the_unallocated_idle()
    {
        var truth = TruthConvention.Of(Create(), 0, 120 * Second);

        Assert.Equal(220_434.079, truth.WallJoules, 3);
        Assert.Equal(100_046.855, truth.IdleFloorJoules, 3);
        Assert.Equal(62_529.284, truth.UnallocatedJoules, 3);
        Assert.Equal((25_011.714, 109_068.921, 102_720.0), Round(truth.Jobs["train"]));
        Assert.Equal((12_505.857, 11_318.303, 10_740.0), Round(truth.Jobs["infer"]));
        Assert.Equal(0, truth.RemainderJoules, 6);
    }

    [Fact]
    public void A_job_alone_takes_all_the_wall_power_above_the_floor_and_the_idle_of_what_it_holds()
    {
        var node = Create();

        var truth = TruthConvention.Of(node, 20 * Second, 30 * Second).Jobs["train"];   // train alone on the node

        Assert.Equal((node.WallWatts(20 * Second) - node.IdleWallWatts) * 10, truth.DynamicJoules, 6);
        Assert.Equal(node.IdleWallWatts * (4 * 60 + (32 * 50 / 32.0)) / (8 * 60 + 2 * 50) * 10, truth.IdleJoules, 6);
        Assert.Equal(truth.IdleJoules, node.IdleWallWatts / 2 * 10, 6);   // half the GPUs and half the cores: half the floor
    }

    [Fact]
    public void Jobs_sharing_a_node_share_its_dynamic_power_as_their_own_dynamic_DC_power_fans_and_supply_losses_included()
    {
        var node = Create();
        var truth = TruthConvention.Of(node, 50 * Second, 60 * Second);   // both run
        var (train, infer) = (truth.Jobs["train"], truth.Jobs["infer"]);

        Assert.Equal((4 * 400) + (32 * 3) + 16, train.DynamicDcJoules / 10, 9);
        Assert.Equal((2 * 80) + (16 * 1) + 3, infer.DynamicDcJoules / 10, 9);
        Assert.Equal(train.DynamicDcJoules / infer.DynamicDcJoules, train.DynamicJoules / infer.DynamicJoules, 9);
        Assert.Equal((node.WallWatts(50 * Second) - node.IdleWallWatts) * 10, train.DynamicJoules + infer.DynamicJoules, 6);
        Assert.True(train.DynamicJoules > train.DynamicDcJoules, "the fans' rise and the supplies' extra loss are the jobs'");
    }

    [Theory]
    [InlineData(0, 10)]          // nobody runs: all idle is unallocated
    [InlineData(0, 120)]
    [InlineData(15, 45)]
    [InlineData(69, 71)]
    [InlineData(99, 130)]
    public void Jobs_and_unallocated_add_up_to_the_wall_energy_over_any_range(long fromSeconds, long toSeconds)
    {
        var node = Create();

        var truth = TruthConvention.Of(node, fromSeconds * Second, toSeconds * Second);

        Assert.Equal(node.WallJoules(fromSeconds * Second, toSeconds * Second), truth.WallJoules, 9);
        Assert.Equal(0, truth.RemainderJoules, 6);
        Assert.True(truth.UnallocatedJoules >= node.IdleWallWatts * (toSeconds - fromSeconds) * (1 - 0.75) - 1e-6, "at most 6 of 8 GPUs and 48 of 64 cores are held");
        Assert.All(truth.Jobs.Values, j => Assert.True(j.IdleJoules > 0 && j.DynamicJoules > 0, j.JobId));
    }

    private static (double, double, double) Round(JobTruth j) => (Math.Round(j.IdleJoules, 3), Math.Round(j.DynamicJoules, 3), Math.Round(j.DynamicDcJoules, 3));
}
