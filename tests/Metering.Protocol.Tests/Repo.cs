using System.Reflection;

namespace Metering.Protocol.Tests;

/// <summary>Paths in the repository the tests read (the contract README, examples, asyncapi.yaml).</summary>
internal static class Repo
{
    private static readonly string Root = typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepoRoot").Value!;

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public static string ProtocolDir => Path("shared/Metering.Protocol");

    public static string Example(string name) => System.IO.Path.Combine(ProtocolDir, "examples", name);
}
