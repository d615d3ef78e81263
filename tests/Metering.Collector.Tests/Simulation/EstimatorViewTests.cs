using Metering.Firmware.Host.Loads;
using Metering.Simulation.Estimators;
using Metering.Simulation.Physics;
using Metering.Simulation.Workloads;
using static Metering.Collector.Tests.Simulation.ReferenceNode;

namespace Metering.Collector.Tests.Simulation;

/// <summary>
/// What software estimators report about a simulated node, with the biases their real counterparts have: NVML sees
/// GPU board power only, idle included, sampled part of the time, off by up to 5 W; RAPL sees CPU packages and DRAM
/// only, as wrapping counters.
/// </summary>
public sealed class EstimatorViewTests
{
    [Fact]
    public void NVML_reports_a_GPU_s_board_power_idle_included_off_by_its_own_constant_error_within_5_W()
    {
        var node = Create();
        var nvml = new NvmlView(node, NvmlModel.H100, seed: 4);

        for (var gpu = 0; gpu < 8; gpu++)
        {
            Assert.InRange(nvml.OffsetWatts(gpu), -5, 5);
            Assert.Equal(60 + nvml.OffsetWatts(gpu), nvml.PowerUsageMilliwatts(gpu, 5 * Second) / 1000.0, 3);
        }

        Assert.Equal(460 + nvml.OffsetWatts(0), nvml.PowerUsageMilliwatts(0, 30 * Second) / 1000.0, 3);
        Assert.NotEqual(nvml.OffsetWatts(0), new NvmlView(node, NvmlModel.H100, seed: 5).OffsetWatts(0));
    }

    [Fact]
    public void An_H100_reports_the_mean_of_the_last_second_so_it_trails_a_step_and_an_A100_the_last_reading()
    {
        var node = Create();   // train's GPU 0 steps from 60 W to 460 W at 10 s
        var (h100, a100) = (new NvmlView(node, NvmlModel.H100, 1), new NvmlView(node, NvmlModel.A100, 1));

        Assert.Equal(60 + (400 * 0.5) + h100.OffsetWatts(0), h100.PowerUsageMilliwatts(0, 10_500_000) / 1000.0, 3);   // half the second after the step
        Assert.Equal(460 + a100.OffsetWatts(0), a100.PowerUsageMilliwatts(0, 10_100_000) / 1000.0, 3);
    }

    [Theory]
    [InlineData(0, 100)]           // high for the first 25 ms of every 100 ms: the sampled last 25 ms never see it
    [InlineData(75_000, 500)]      // shifted into the sampled window: every reading sees only the high part
    public void Sampling_25_percent_of_the_time_misses_power_that_moves_faster_than_the_sensor(long phaseMicroseconds, double readWatts)
    {
        // A GPU whose board power is 500 W for 25 ms and 100 W for 75 ms of every 100 ms: its true mean is 200 W.
        var wave = new SquareWaveLoad(100 - 60, 500 - 60, 100_000, 0.25, -phaseMicroseconds);
        var job = new SimJob("burst", "ref", [0], 8, 0, 100 * Second, new JobPower([wave], new ConstantLoad(0), new ConstantLoad(0)));
        var node = new SimulatedNode(Spec with { }, [job]);
        var nvml = new NvmlView(node, NvmlModel.A100 with { AccuracyWatts = 0 }, 1);

        Assert.Equal(200, node.GpuJoules(0, 10 * Second, 20 * Second) / 10, 9);
        Assert.All(Enumerable.Range(10, 20), k => Assert.Equal(readWatts, nvml.PowerUsageMilliwatts(0, (k * 100_000) + 37_000) / 1000.0, 3));
    }

    [Fact]
    public void A_node_agent_sends_each_second_of_a_job_the_sum_of_its_GPUs_readings_and_misses_the_rest_of_the_node()
    {
        var node = Create();
        var nvml = new NvmlView(node, NvmlModel.H100, 2);

        var estimates = nvml.JobEstimates(Train);

        Assert.Equal(60, estimates.Count);
        Assert.Equal((Train.StartMicroseconds, Train.EndMicroseconds), (estimates[0].FromMicroseconds, estimates[^1].ToMicroseconds));
        Assert.All(estimates.Skip(1), e => Assert.Equal((4 * 460) + Enumerable.Range(0, 4).Sum(nvml.OffsetWatts), e.Watts, 3));
        var wallAboveFloor = node.WallWatts(20 * Second) - node.IdleWallWatts;
        Assert.True(estimates[20].Watts - (4 * 60) < wallAboveFloor * 0.92, "no CPU, DRAM, fans or supply losses in NVML");
    }

    [Fact]
    public void RAPL_sees_the_CPU_packages_and_DRAM_and_nothing_of_the_GPUs_fans_board_or_supplies()
    {
        var node = Create();
        var rapl = new RaplView(node, RaplModel.Intel);

        Assert.Equal(2, rapl.Packages);
        Assert.Equal((50 + (32 * 3 / 2.0), 30 + 16.0), (rapl.PackageWatts(0, 20 * Second), rapl.DramWatts(20 * Second)));
        var p = node.PowerAt(50 * Second);
        Assert.Equal(p.CpuWatts + p.DramWatts, rapl.PackageWatts(0, 50 * Second) + rapl.PackageWatts(1, 50 * Second) + rapl.DramWatts(50 * Second), 9);
        Assert.True(p.CpuWatts + p.DramWatts < p.WallWatts * 0.1, "RAPL sees a tenth of this node's wall power");
        var cpu = node.Joules(0, 120 * Second, t => node.PowerAt(t).CpuWatts) * 1e6;
        Assert.InRange(rapl.PackageEnergyMicrojoules(0, 120 * Second) + rapl.PackageEnergyMicrojoules(1, 120 * Second), cpu - 2, cpu);
        Assert.Equal(30 + 16 - 2.5, new RaplView(node, RaplModel.Intel with { DramOffsetWatts = -2.5 }).DramWatts(20 * Second));
    }

    [Fact]
    public void RAPL_counters_wrap_at_their_range_and_a_reader_recovers_the_energy_across_one_wrap()
    {
        var node = Create();
        var rapl = new RaplView(node, RaplModel.Intel with { MaxEnergyRangeMicrojoules = 6_000_000_000 });   // 6 kJ: package 0 passes it at about 64 s here

        var (before, after) = (rapl.PackageEnergyMicrojoules(0, 60 * Second), rapl.PackageEnergyMicrojoules(0, 100 * Second));
        var truth = node.Joules(60 * Second, 100 * Second, t => rapl.PackageWatts(0, t)) * 1e6;

        Assert.True(after < before, "the counter wrapped");
        Assert.InRange(rapl.Delta(before, after), truth - 2, truth + 2);
    }
}
