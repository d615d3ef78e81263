namespace Metering.Collector.Tests.Cli;

/// <summary>`metering bench ingest` with sizes it cannot run says so in one line and exits 2, no stack trace.</summary>
public sealed class BenchIngestCommandTests
{
    [Theory]
    [InlineData("--devices", "0", "--devices, --windows and --in-flight must be at least 1")]
    [InlineData("--in-flight", "0", "--devices, --windows and --in-flight must be at least 1")]
    [InlineData("--publishers", "0", "--publishers must be 1..--devices (500)")]
    [InlineData("--publishers", "501", "--publishers must be 1..--devices (500)")]
    public void Sizes_it_cannot_run_are_refused_with_exit_2(string option, string value, string message)
    {
        var r = MeteringCommand.Run(Path.GetTempPath(), null, "bench", "ingest", option, value);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", r.Output + r.Error, StringComparison.Ordinal);
    }
}
