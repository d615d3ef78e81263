using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Metering.Portability.Tests;

/// <summary>Compiles C# fixtures the way the portable build does: C# 9, against nanoFramework's mscorlib only.</summary>
internal static class NanoCompiler
{
    public static string Setting(string key) =>
        typeof(NanoCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    /// <summary>Compiles <paramref name="source"/>; returns the PE image, or the compiler's errors.</summary>
    public static (byte[]? Image, IReadOnlyList<string> Errors) Compile(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Fixture",
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp9))],
            [MetadataReference.CreateFromFile(Setting("NanoMscorlib"))],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
        return (result.Success ? pe.ToArray() : null, errors);
    }
}
