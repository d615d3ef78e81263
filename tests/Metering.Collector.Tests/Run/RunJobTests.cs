using Metering.Collector.Run;

namespace Metering.Collector.Tests.Run;

/// <summary>What `metering run` registers: its id, its node, and the GPUs CUDA_VISIBLE_DEVICES gives it.</summary>
public sealed class RunJobTests
{
    [Theory]
    [InlineData(null, new int[0])]
    [InlineData("", new int[0])]
    [InlineData("0", new[] { 0 })]
    [InlineData("0,2", new[] { 0, 2 })]
    [InlineData(" 3 , 1 ", new[] { 3, 1 })]
    [InlineData("1,1,2", new[] { 1, 2 })]
    [InlineData("-1", new int[0])]
    [InlineData("0,-1,2", new[] { 0 })]      // CUDA ignores everything from the first invalid index on
    public void Gpus_come_from_CUDA_VISIBLE_DEVICES_as_CUDA_reads_it(string? value, int[] gpus)
    {
        var (read, warning) = RunJob.GpusFrom(value);
        Assert.Equal(gpus, read);
        Assert.Null(warning);
    }

    [Theory]
    [InlineData("GPU-8f4a3c1e-0000-1111-2222-333344445555")]
    [InlineData("MIG-GPU-8f4a3c1e/1/0")]
    public void GPUs_named_by_UUID_give_no_indices_and_a_warning(string value)
    {
        var (read, warning) = RunJob.GpusFrom(value);
        Assert.Empty(read);
        Assert.Contains("give --gpus", warning);
    }

    [Theory]
    [InlineData("0,1", new[] { 0, 1 })]
    [InlineData("7", new[] { 7 })]
    [InlineData("", new int[0])]
    public void Gpus_can_be_given(string text, int[] gpus) => Assert.Equal(gpus, RunJob.ParseGpus(text));

    [Theory]
    [InlineData("a")]
    [InlineData("0;1")]
    [InlineData("-1")]
    [InlineData("5000")]
    public void Wrong_gpus_are_refused_with_the_expected_form(string text) =>
        Assert.Contains("must be comma-separated GPU indices like 0,1", Assert.Throws<FormatException>(() => RunJob.ParseGpus(text)).Message);

    [Fact]
    public void The_id_names_the_host_the_process_and_the_start()
    {
        Assert.Equal("run:gpu-a01-4242-1764403200000", RunJob.IdFor("gpu-a01", 4242, 1_764_403_200_000));
        Assert.Equal("gpu-a01", RunJob.ShortHostName("GPU-A01.cluster.example.org"));
    }

    [Fact]
    public void The_energy_line_says_energy_carbon_power_method_and_coverage()
    {
        var summary = new RunSummary(DurationMs: 5_000, ItMillijoules: 44_460_000, FacilityMillijoules: 62_244_000, Co2eGrams: 6.05, MeanWatts: 8892, Method: "estimate", Coverage: 1);
        Assert.Equal(
            "metering: job run:gpu-a01-4242-1764403200000 on gpu-a01: 12.35 Wh IT (17.29 Wh facility), 6.05 g CO2e, mean 8892 W over 5.0 s, method estimate, coverage 100.0 %",
            summary.Describe("run:gpu-a01-4242-1764403200000", "gpu-a01"));
        Assert.Equal("1.500 kWh", RunSummary.Energy(5_400_000_000));
        Assert.Equal("2.500 kg", RunSummary.Carbon(2500));
    }
}
