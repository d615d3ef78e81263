using System.CommandLine;

namespace Metering.Collector.Cli;

/// <summary>The command tree of <c>metering</c>.</summary>
public static class MeteringCli
{
    /// <summary>Parses <paramref name="args"/> and runs the chosen command; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("metering: wattmeter-backed energy and carbon accounting for AI jobs.");
        return await root.Parse(args).InvokeAsync();
    }
}
