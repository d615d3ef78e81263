using Metering.Collector.Tests.Api;
using Metering.Collector.Tests.EndToEnd;

namespace Metering.Collector.Tests.Run;

/// <summary>`metering run` with a command that does not exist says so and registers no job of a command that never ran.</summary>
public sealed class RunMissingCommandTests : WithJobApiServer
{
    [Theory]
    [InlineData("metering-no-such-command", "cannot run 'metering-no-such-command': command not found on PATH (no job registered)")]
    [InlineData("/nonexistent/metering-test-command", "cannot run '/nonexistent/metering-test-command': No such file or directory (no job registered)")]
    public void A_missing_command_exits_127_and_registers_no_job(string command, string message)
    {
        var token = Server.Token(Options());

        var (exit, output) = MeteringProcess.Run(Path.GetTempPath(), $"run --node n1 --url {Server.Url} --token {token} -- {command} --flag");

        Assert.Equal(127, exit);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.Equal(0, Server.Collector.Jobs.Count);
    }
}
