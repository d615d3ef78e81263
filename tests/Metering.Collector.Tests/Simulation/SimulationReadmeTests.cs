using System.Reflection;
using System.Text;
using Metering.Collector.Simulation;

namespace Metering.Collector.Tests.Simulation;

/// <summary>The README is the CLI's contract for <c>metering sim</c>: its example config and its options table follow the code.</summary>
public sealed class SimulationReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(
        typeof(SimulationReadmeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "collector/Metering.Collector/Simulation/README.md"));

    [Fact]
    public void The_documented_config_is_the_one_the_fleet_publishes()
    {
        var block = Readme[(Readme.IndexOf("<!-- config -->\n```json\n", StringComparison.Ordinal) + 24)..];

        Assert.StartsWith(Encoding.UTF8.GetString(ConfigCodec.Encode(NodeLoads.Config("sim-0001-a", 0, 2, 10))) + "\n```", block);
    }

    [Fact]
    public void Every_option_is_in_the_options_table()
    {
        var properties = typeof(SimulationOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name);

        Assert.All(properties, p => Assert.Contains($"`{p}", Readme));
    }
}
