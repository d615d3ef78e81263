using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit.Abstractions;

namespace Metering.Collector.Tests.Architecture;

/// <summary>
/// The collector's stages depend one way, as <see cref="CollectorArchitecture"/> states, read from the compiled
/// metadata and IL of its assemblies (a use in a method body counts, a word in a comment does not).
/// </summary>
public sealed class DependencyTests(ITestOutputHelper output)
{
    private static readonly Lazy<StageGraph> Graph = new(() => StageGraph.Read(CollectorArchitecture.AssemblyPaths()));

    [Fact]
    public void The_architecture_lists_every_stage_after_the_stages_it_uses() =>
        Assert.Empty(CollectorArchitecture.Rules.Inconsistencies());

    [Fact]
    public void The_collector_has_only_the_dependencies_the_architecture_allows()
    {
        output.WriteLine(CollectorArchitecture.Rules.Describe(Graph.Value));
        var violations = CollectorArchitecture.Rules.Check(Graph.Value);
        Assert.True(violations.Count == 0, "dependencies the architecture does not allow:\n  " + string.Join("\n  ", violations));
    }

    [Fact]
    public void No_stage_of_the_collector_is_in_a_cycle()
    {
        Assert.Empty(Graph.Value.Cycles());
        Assert.True(Graph.Value.Edges.Count() > 40, "the graph was read: the collector's stages use each other");
    }

    [Fact]
    public void Every_stage_the_architecture_names_exists_in_its_assembly()
    {
        var missing = CollectorArchitecture.Rules.Stages
            .Where(s => s.Assembly.StartsWith("Metering.Collector", StringComparison.Ordinal) || s.Assembly is CollectorArchitecture.Executable or CollectorArchitecture.Simulation)
            .Where(s => Graph.Value.Assemblies.GetValueOrDefault(s.Name) != s.Assembly).Select(s => s.Name).ToList();
        Assert.Empty(missing);
    }

    /// <summary>
    /// Each assembly references only the collector's assemblies below it (the compiler enforces the rest); the
    /// simulated world none of the collector's, only the contract and the firmware.
    /// </summary>
    [Theory]
    [InlineData(CollectorArchitecture.Simulation, "Metering.Protocol", "Metering.Firmware.Host", "Metering.Firmware.Core")]
    [InlineData(CollectorArchitecture.Core, "Metering.Protocol")]
    [InlineData(CollectorArchitecture.Adapters, "Metering.Protocol", CollectorArchitecture.Core)]
    [InlineData(CollectorArchitecture.Host, "Metering.Protocol", CollectorArchitecture.Core, CollectorArchitecture.Adapters)]
    [InlineData(CollectorArchitecture.Api, "Metering.Protocol", CollectorArchitecture.Core, CollectorArchitecture.Adapters, CollectorArchitecture.Host)]
    public void Each_assembly_references_only_the_layers_below_it(string assembly, params string[] allowed)
    {
        var references = AssemblyReferences(CollectorArchitecture.AssemblyPaths().Single(p => Path.GetFileNameWithoutExtension(p) == assembly));
        var metering = references.Where(r => r.StartsWith("Metering", StringComparison.Ordinal) || r == "metering").Order(StringComparer.Ordinal).ToList();
        Assert.All(metering, r => Assert.Contains(r, allowed));
    }

    internal static IReadOnlyList<string> AssemblyReferences(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        return [.. md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name))];
    }
}
