using Metering.Collector.Tests.Api;
using Metering.Collector.Tests.EndToEnd;

namespace Metering.Collector.Tests.Run;

/// <summary>`metering run` with a command that does not exist says so and registers no job of a command that never ran.</summary>
public sealed class RunMissingCommandTests : IAsyncLifetime
{
    private readonly string _data = Collectors.TempDirectory();
    private JobApiServer _server = null!;

    public async Task InitializeAsync() => _server = await JobApiServer.StartAsync(JobApiServer.Options(_data));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Theory]
    [InlineData("metering-no-such-command", "cannot run 'metering-no-such-command': command not found on PATH (no job registered)")]
    [InlineData("/nonexistent/metering-test-command", "cannot run '/nonexistent/metering-test-command': No such file or directory (no job registered)")]
    public void A_missing_command_exits_127_and_registers_no_job(string command, string message)
    {
        var token = _server.Token(JobApiServer.Options(_data));

        var (exit, output) = MeteringProcess.Run(Path.GetTempPath(), $"run --node n1 --url {_server.Url} --token {token} -- {command} --flag");

        Assert.Equal(127, exit);
        Assert.Contains(message, output, StringComparison.Ordinal);
        Assert.Equal(0, _server.Collector.Jobs.Count);
    }
}
