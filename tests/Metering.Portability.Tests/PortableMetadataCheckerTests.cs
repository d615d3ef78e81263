namespace Metering.Portability.Tests;

/// <summary>
/// The checker behind the portable build: what Roslyn compiles against nanoFramework's mscorlib but the 1.x device
/// runtime cannot run must be rejected; plain code and the real protocol assembly must pass.
/// </summary>
public sealed class PortableMetadataCheckerTests
{
    private const string Clean = """
        namespace Fixture
        {
            public sealed class Meter
            {
                private readonly long[] _samples = new long[16];
                private int _count;
                public void Add(long milliwatts) { if (_count < _samples.Length) { _samples[_count++] = milliwatts; } }
                public long Sum() { long s = 0; for (int i = 0; i < _count; i++) { s += _samples[i]; } return s; }
                public override string ToString() { return "n=" + _count.ToString(); }
                public event System.EventHandler Changed;
                public void Raise() { System.EventHandler h = Changed; if (h != null) { h(this, System.EventArgs.Empty); } }
                public static System.Collections.ArrayList List() { return new System.Collections.ArrayList(); }
            }
        }
        """;

    public static TheoryData<string, string, string> GenericFixtures() => new()
    {
        { "generic class", "namespace F { public sealed class Box<T> { public T Value; } }", "generic-definition" },
        { "generic method", "namespace F { public static class U { public static T Id<T>(T x) { return x; } } }", "generic-definition" },
        { "generic delegate field", "namespace F { public static class U { public static System.Action<int> OnSample; } }", "generic-in-signature" },
        { "generic delegate local", "namespace F { public static class U { public static void M() { System.Func<int> f = null; if (f != null) { f(); } } } }", "generic-instantiation" },
        { "generic event handler", "namespace F { public sealed class A : System.EventArgs { } public sealed class U { public event System.EventHandler<A> E; public void R() { if (E != null) { E(this, new A()); } } } }", "generic-instantiation" },
        { "call of a generic method", "namespace F { public static class G { public static void M<T>() { } } public static class U { public static void C() { G.M<int>(); } } }", "generic-method-call" },
    };

    [Fact]
    public void Plain_portable_code_passes()
    {
        var (image, errors) = NanoCompiler.Compile(Clean);

        Assert.Empty(errors);
        Assert.Empty(PortableMetadataChecker.Check(new MemoryStream(image!)));
    }

    [Theory]
    [MemberData(nameof(GenericFixtures))]
    public void Generic_code_compiles_against_nano_mscorlib_but_is_rejected(string what, string source, string rule)
    {
        var (image, errors) = NanoCompiler.Compile(source);
        Assert.True(errors.Count == 0, $"{what}: the fixture should compile, as Roslyn accepts it: {string.Join("; ", errors)}");

        var violations = PortableMetadataChecker.Check(new MemoryStream(image!));

        Assert.Contains(violations, v => v.Rule == rule);
    }

    [Theory]
    [InlineData("LINQ", "using System.Linq; namespace F { public static class U { public static int M(int[] a) { return a.Count(); } } }")]
    [InlineData("async", "namespace F { public static class U { public static async System.Threading.Tasks.Task M() { await System.Threading.Tasks.Task.Delay(1); } } }")]
    [InlineData("System.Text.Json", "namespace F { public static class U { public static string M() { return System.Text.Json.JsonSerializer.Serialize(1); } } }")]
    [InlineData("List<T>", "namespace F { public static class U { public static System.Collections.Generic.List<int> M() { return null; } } }")]
    [InlineData("record", "namespace F { public record R(int A); }")]
    [InlineData("System.Math", "namespace F { public static class U { public static int M(int x) { return System.Math.Abs(x); } } }")]
    [InlineData("StringBuilder", "namespace F { public static class U { public static string M() { return new System.Text.StringBuilder().ToString(); } } }")]
    public void What_the_device_lacks_does_not_even_compile_against_nano_mscorlib(string what, string source)
    {
        var (image, errors) = NanoCompiler.Compile(source);

        Assert.True(image is null && errors.Count > 0, $"{what} should not compile against nanoFramework's mscorlib");
    }

    [Fact]
    public void The_real_protocol_assembly_built_for_nanoframework_passes()
    {
        var path = NanoCompiler.Setting("NanoProtocolAssembly");
        Assert.True(File.Exists(path), $"missing {path}: the nanoFramework build of Metering.Protocol");

        var violations = PortableMetadataChecker.Check(path);

        Assert.Empty(violations);
    }

    [Fact]
    public void The_real_protocol_assembly_references_only_nano_mscorlib()
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(NanoCompiler.Setting("NanoProtocolAssembly")));
        var md = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);

        var references = md.AssemblyReferences.Select(h => md.GetAssemblyReference(h)).ToList().Select(r => $"{md.GetString(r.Name)} {r.Version}").ToList();

        Assert.Equal(["mscorlib 1.17.11.0"], references);
    }

    [Fact]
    public void An_assembly_referencing_a_desktop_library_is_rejected()
    {
        var desktop = typeof(PortableMetadataChecker).Assembly.Location;

        var violations = PortableMetadataChecker.Check(desktop);

        Assert.Contains(violations, v => v.Rule == "assembly-reference" && v.Location == "System.Runtime");
        Assert.Contains(violations, v => v.Rule == "generic-instantiation" || v.Rule == "generic-in-signature");
    }

    [Fact]
    public void A_file_without_metadata_is_reported_not_crashed_on()
    {
        var violations = PortableMetadataChecker.Check(new MemoryStream(new byte[512]));

        Assert.Single(violations);
    }
}
