using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>GPU indices from one node's gres_detail entry, in every form Slurm prints.</summary>
public sealed class GresDetailTests
{
    [Theory]
    [InlineData("gpu:2(IDX:0-1)", "0,1")]
    [InlineData("gpu:(IDX:0,2)", "0,2")]
    [InlineData("gpu:1(IDX:3)", "3")]
    [InlineData("gpu:4(IDX:0-3)", "0,1,2,3")]
    [InlineData("gpu:2(IDX:1,3)", "1,3")]
    [InlineData("gpu:a100:3(IDX:0,2-3)", "0,2,3")]
    [InlineData("gpu:a100:1(IDX:0),gpu:v100:1(IDX:2)", "0,2")]
    [InlineData("nic:1(IDX:0),gpu:2(IDX:4-5)", "4,5")]
    [InlineData("gpu:tesla:2(IDX:6-7),nic:2(IDX:0-1)", "6,7")]
    [InlineData("gpu:1(IDX:N/A)", "")]
    [InlineData("gpu_mem:4000(IDX:0)", "")]
    [InlineData("mps:100(IDX:0)", "")]
    [InlineData("", "")]
    [InlineData("gpu:2", "")]
    [InlineData("gpu:1(IDX:0-99999999)", "")]
    public void Gpu_indices_are_read_from_the_entry(string entry, string expected) =>
        Assert.Equal(expected, string.Join(',', GresDetail.GpuIndices(entry)));
}
