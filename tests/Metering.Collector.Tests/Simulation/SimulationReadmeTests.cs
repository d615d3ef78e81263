using System.Globalization;
using System.Reflection;
using System.Text;
using Metering.Simulation.Fleet;

namespace Metering.Collector.Tests.Simulation;

/// <summary>The README is the CLI's contract for <c>metering sim</c>: its example config and its options table follow the code.</summary>
public sealed class SimulationReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(
        typeof(SimulationReadmeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "collector/Metering.Simulation/README.md"));

    [Fact]
    public void The_documented_config_is_the_one_the_fleet_publishes()
    {
        var block = Readme[(Readme.IndexOf("<!-- config -->\n```json\n", StringComparison.Ordinal) + 24)..];

        Assert.StartsWith(Encoding.UTF8.GetString(ConfigCodec.Encode(FleetNodes.Config(FleetNodes.Node(1, 0).Spec, 0, "sim-0001-a", 2, 10))) + "\n```", block);
    }

    [Theory]
    [InlineData("idle (0 s)", 0)]
    [InlineData("train (20 s)", 20)]
    [InlineData("train + infer (50 s)", 50)]
    public void The_worked_example_s_table_is_what_the_reference_node_draws(string label, long seconds)
    {
        var p = ReferenceNode.Create().PowerAt(seconds * ReferenceNode.Second);
        double[] cells = [p.GpuWatts.Sum(), p.CpuWatts, p.DramWatts, p.BoardWatts, p.FanWatts, p.DcWatts, p.FeedWatts[0], p.WallWatts, p.PsuLossWatts];

        Assert.Contains($"| {label} | {string.Join(" | ", cells.Select(c => c.ToString("F1", CultureInfo.InvariantCulture)))} |", Readme);
    }

    [Fact]
    public void Every_option_is_in_the_options_table()
    {
        var properties = typeof(SimulationOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name);

        Assert.All(properties, p => Assert.Contains($"`{p}", Readme));
    }
}
