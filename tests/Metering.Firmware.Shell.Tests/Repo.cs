using System.Reflection;

namespace Metering.Firmware.Shell.Tests;

/// <summary>Paths in the repository and the build settings these tests run under.</summary>
internal static class Repo
{
    private static string Setting(string key) => typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static string Root { get; } = Setting("RepoRoot");

    public static string Configuration { get; } = Setting("Configuration");

    public static string Path(string relative) => System.IO.Path.Combine(Root, relative);

    public static string ShellDirectory => Path("firmware/Metering.Firmware");

    public static string ShellCheckProject => Path("firmware/Metering.Firmware.ShellCheck/Metering.Firmware.ShellCheck.csproj");
}
