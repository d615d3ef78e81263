using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Metering.Collector.Tests.Architecture;

/// <summary>
/// The dependency check fails, naming the edge and the types behind it, on assemblies compiled here with a
/// deliberate mistake: a back-edge in a field, one hidden in a method body, a cycle, a stage in the wrong assembly.
/// </summary>
public sealed class BackEdgeTests
{
    [Fact]
    public void A_core_stage_that_uses_a_later_stage_is_a_named_back_edge_and_a_cycle()
    {
        var violations = Check(CollectorArchitecture.Core, """
            namespace Metering.Collector.Intervals { public sealed class ChannelInterval { public Metering.Collector.Attribution.JobSummary? Owner; } }
            namespace Metering.Collector.Attribution { public sealed class JobSummary { public Metering.Collector.Intervals.ChannelInterval? From; } }
            """);

        Assert.Contains("back-edge Intervals -> Attribution is not allowed (ChannelInterval -> JobSummary)", violations);
        Assert.Contains("Attribution -> Intervals is not allowed (JobSummary -> ChannelInterval)", violations);
        Assert.Contains("cycle: Attribution, Intervals", violations);
    }

    [Fact]
    public void A_use_inside_a_method_body_counts()
    {
        var violations = Check(CollectorArchitecture.Core, """
            namespace Metering.Collector.Storage { public sealed class SqliteOutbox { } }
            namespace Metering.Collector.Nodes
            {
                public static class Router
                {
                    public static int Route() { var outbox = new Metering.Collector.Storage.SqliteOutbox(); return outbox.GetHashCode(); }
                }
            }
            """);

        Assert.Contains("back-edge Nodes -> Storage is not allowed (Router -> SqliteOutbox)", violations);
    }

    [Fact]
    public void A_stage_compiled_into_another_layer_is_named()
    {
        var violations = Check(CollectorArchitecture.Core, "namespace Metering.Collector.Host { public sealed class Pipeline { } }");

        Assert.Contains($"stage Host belongs in {CollectorArchitecture.Host}, but {CollectorArchitecture.Core} defines types in it", violations);
    }

    [Fact]
    public void A_stage_the_architecture_does_not_know_is_named()
    {
        var violations = Check(CollectorArchitecture.Adapters, "namespace Metering.Collector.Kafka { public sealed class Consumer { } }");

        Assert.Contains($"stage Kafka (in {CollectorArchitecture.Adapters}) is not in the architecture: add it where it belongs in the data flow", violations);
    }

    [Fact]
    public void Allowed_uses_pass()
    {
        var violations = Check(CollectorArchitecture.Core, """
            namespace Metering.Collector.Jobs { public sealed class Job { } }
            namespace Metering.Collector.Attribution { public sealed class Ledger { public Metering.Collector.Jobs.Job? Of() => new Metering.Collector.Jobs.Job(); } }
            """);

        Assert.Empty(violations);
    }

    private static IReadOnlyList<string> Check(string assemblyName, string source)
    {
        var compilation = CSharpCompilation.Create(assemblyName, [CSharpSyntaxTree.ParseText(source)],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join('\n', emitted.Diagnostics));
        image.Position = 0;
        return CollectorArchitecture.Rules.Check(new StageGraph(TypeDependencyReader.Read(image)));
    }
}
