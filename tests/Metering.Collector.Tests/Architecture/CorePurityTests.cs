using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace Metering.Collector.Tests.Architecture;

/// <summary>
/// Metering.Collector.Core computes and does nothing else: no package, no file, socket, process or database, no
/// clock, no thread. Read from its project file and its compiled metadata.
/// </summary>
public sealed class CorePurityTests
{
    /// <summary>Type namespaces and names that mean I/O, a clock or a thread (prefix match on "Namespace.Name").</summary>
    private static readonly string[] BannedTypes =
    [
        "System.IO.", "System.Net.", "System.Data.", "Microsoft.", "System.Console", "System.TimeProvider",
        "System.Diagnostics.Process", "System.Diagnostics.Stopwatch", "System.Threading.Thread", "System.Threading.Timer",
        "System.Threading.PeriodicTimer", "System.Threading.Channels.",
    ];

    /// <summary>
    /// Types of System.IO that are not I/O here: an in-memory buffer, and the abstract reader a parser takes so that
    /// its caller (an adapter, a test) decides where the text comes from and parsing stays streaming.
    /// </summary>
    private static readonly string[] AllowedTypes = ["System.IO.MemoryStream", "System.IO.TextReader"];

    /// <summary>Members that read the clock or wait.</summary>
    private static readonly string[] BannedMembers =
    [
        "System.DateTime.get_Now", "System.DateTime.get_UtcNow", "System.DateTime.get_Today", "System.DateTimeOffset.get_Now",
        "System.DateTimeOffset.get_UtcNow", "System.Threading.Tasks.Task.Delay",
    ];

    private static string CorePath => CollectorArchitecture.AssemblyPaths().Single(p => p.EndsWith(CollectorArchitecture.Core + ".dll", StringComparison.Ordinal));

    [Fact]
    public void The_core_project_references_no_package_and_only_the_wire_contract()
    {
        var project = XDocument.Load(Repo.Path("collector/Metering.Collector.Core/Metering.Collector.Core.csproj"));
        Assert.Empty(project.Descendants("PackageReference"));
        Assert.Empty(project.Descendants("FrameworkReference"));
        var references = project.Descendants("ProjectReference").Select(r => Path.GetFileName((string)r.Attribute("Include")!)).ToList();
        Assert.Equal(["Metering.Protocol.csproj"], references);
    }

    [Fact]
    public void The_core_assembly_references_only_the_framework_and_the_wire_contract()
    {
        var outside = DependencyTests.AssemblyReferences(CorePath)
            .Where(r => !(r.StartsWith("System.", StringComparison.Ordinal) || r is "System" or "netstandard" or "Metering.Protocol")).ToList();
        Assert.Empty(outside);
    }

    [Fact]
    public void The_core_uses_no_io_clock_or_thread_type()
    {
        var uses = TypeDependencyReader.Read(CorePath)
            .Where(u => BannedTypes.Any(b => u.To.ToString().StartsWith(b, StringComparison.Ordinal)) && !AllowedTypes.Contains(u.To.ToString()))
            .Select(u => $"{u.From.Name} uses {u.To}").Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(uses.Count == 0, "I/O, clock or thread types in the core:\n  " + string.Join("\n  ", uses));
    }

    [Fact]
    public void The_core_never_reads_the_clock()
    {
        using var pe = new PEReader(File.OpenRead(CorePath));
        var md = pe.GetMetadataReader();
        var called = md.MemberReferences.Select(h => md.GetMemberReference(h)).Where(m => m.Parent.Kind == HandleKind.TypeReference)
            .Select(m => (Type: md.GetTypeReference((TypeReferenceHandle)m.Parent), Name: md.GetString(m.Name)))
            .Select(m => $"{md.GetString(m.Type.Namespace)}.{md.GetString(m.Type.Name)}.{m.Name}").Distinct().ToList();
        Assert.Contains("System.String.Concat", called); // the reader sees calls into the framework
        Assert.Empty(called.Intersect(BannedMembers));

        // The environment: machine, process, variables, tick counts. Iterators ask for the managed thread id (compiler code).
        Assert.DoesNotContain(called, c => c.StartsWith("System.Environment.", StringComparison.Ordinal) && c != "System.Environment.get_CurrentManagedThreadId");
    }
}
