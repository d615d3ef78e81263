using System.Reflection;

namespace Metering.Collector.Tests;

/// <summary>Paths in the repository (the contract's example and refused documents).</summary>
internal static class Repo
{
    private static readonly string Root = typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public static string Example(string name) => Path("shared/Metering.Protocol/examples/" + name);

    /// <summary>The refused documents: file, topic, reason, field.</summary>
    public static IEnumerable<(string File, string Topic, string Reason, string Field)> InvalidCases() =>
        File.ReadAllLines(Example("invalid/cases.tsv")).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t')).Select(c => (c[0], c[1], c[2], c[3]));
}
