using Metering.Collector.Jobs.Slurm;

namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>Slurm host lists expanded to node names.</summary>
public sealed class HostlistTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("mnode1", "mnode1")]
    [InlineData("a,b", "a b")]
    [InlineData("gpu[01-03,07]", "gpu01 gpu02 gpu03 gpu07")]
    [InlineData("gpu[1-2],login1", "gpu1 gpu2 login1")]
    [InlineData("n[8-10]", "n8 n9 n10")]
    [InlineData("n[08-10]", "n08 n09 n10")]
    [InlineData("r[1-2]n[1-2]", "r1n1 r1n2 r2n1 r2n2")]
    [InlineData("rack[1]-gpu[3-4].ib", "rack1-gpu3.ib rack1-gpu4.ib")]
    public void Host_lists_expand_in_order(string hostlist, string expected) =>
        Assert.Equal(expected, string.Join(' ', Hostlist.Expand(hostlist)));

    [Theory]
    [InlineData("gpu[01-03")]
    [InlineData("gpu01-03]")]
    [InlineData("gpu[a-b]")]
    [InlineData("gpu[3-1]")]
    [InlineData("gpu[[1]]")]
    public void Malformed_host_lists_are_refused(string hostlist) =>
        Assert.Throws<FormatException>(() => Hostlist.Expand(hostlist));
}
