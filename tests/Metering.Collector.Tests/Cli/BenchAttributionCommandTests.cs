namespace Metering.Collector.Tests.Cli;

/// <summary>`metering bench attribution` as a user runs it: defaults apply, the figures are printed, bad values are refused.</summary>
public sealed class BenchAttributionCommandTests
{
    [Fact]
    public void With_the_default_scenario_size_it_prints_every_scenario_and_the_throughput()
    {
        var r = MeteringCommand.Run(Path.GetTempPath(), null, "bench", "attribution", "--throughput-nodes", "100", "--intervals", "2", "--jobs", "1");

        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("(4 nodes per scenario, seed 1)", r.Output, StringComparison.Ordinal);
        Assert.Contains("idle: no idle_w configured; the stage learns each node's baseline", r.Output, StringComparison.Ordinal);
        foreach (var scenario in new[] { "exclusive", "shared-unlike", "short-jobs", "late-end (before correction)", "late-end (after correction)" })
        {
            Assert.Contains(scenario, r.Output, StringComparison.Ordinal);
        }

        Assert.Contains("node-intervals/s", r.Output, StringComparison.Ordinal);
        Assert.Contains("headroom", r.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--nodes", "0", "--nodes must be at least 1")]
    [InlineData("--jobs", "-1", "--jobs must not be negative")]
    [InlineData("--intervals", "0", "--intervals must be at least 1")]
    public void Bad_values_are_refused_with_exit_2(string option, string value, string message)
    {
        var r = MeteringCommand.Run(Path.GetTempPath(), null, "bench", "attribution", option, value);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Error, StringComparison.Ordinal);
    }
}
