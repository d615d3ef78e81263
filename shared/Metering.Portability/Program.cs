using Metering.Portability;

// Usage: Metering.Portability ASSEMBLY [ASSEMBLY...]
// Prints one MSBuild-style error per violation and exits 1 if any assembly has one.
if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Checks nanoFramework-targeted assemblies for what the 1.x device runtime cannot run:
        generic definitions and instantiations, LINQ/async/System.Text.Json namespaces, foreign assembly references.

        Usage:   Metering.Portability ASSEMBLY [ASSEMBLY...]
        Example: dotnet artifacts/bin/Metering.Portability/debug/Metering.Portability.dll \
                 artifacts/bin/Metering.Protocol/debug_netnano1.0/Metering.Protocol.dll
        Exit status: 0 clean, 1 violations found, 2 unreadable input.
        """);
    return args.Length == 0 ? 2 : 0;
}

var failed = false;
foreach (var path in args)
{
    IReadOnlyList<PortabilityViolation> violations;
    try
    {
        violations = PortableMetadataChecker.Check(path);
    }
    catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"{path}: error NANO000: cannot read assembly: {e.Message}");
        return 2;
    }

    foreach (var v in violations)
    {
        Console.Error.WriteLine($"{path}: error NANO001: {v} (the nanoFramework 1.x runtime cannot run this)");
    }

    failed |= violations.Count > 0;
    if (violations.Count == 0)
    {
        Console.WriteLine($"{path}: portable (no generic metadata, no banned namespaces or references)");
    }
}

return failed ? 1 : 0;
