using Metering.Portability;

// Usage: Metering.Portability [--allow-reference NAME]... ASSEMBLY [ASSEMBLY...]
// Prints one MSBuild-style error per violation and exits 1 if any assembly has one.
if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Checks nanoFramework-targeted assemblies for what the 1.x device runtime cannot run:
        generic definitions and instantiations, LINQ/async/System.Text.Json namespaces, foreign assembly references.

        Usage:   Metering.Portability [--allow-reference NAME]... ASSEMBLY [ASSEMBLY...]
                 --allow-reference NAME   also accept references to assemblies whose name starts with NAME
                                          (the ESP32 shell references the device packages); mscorlib and
                                          Metering.* are always accepted
        Example: dotnet artifacts/bin/Metering.Portability/debug/Metering.Portability.dll \
                 artifacts/bin/Metering.Protocol/debug_netnano1.0/Metering.Protocol.dll
        Exit status: 0 clean, 1 violations found, 2 unreadable input or bad arguments.
        """);
    return args.Length == 0 ? 2 : 0;
}

var allowed = new List<string> { "mscorlib", "Metering." };
var paths = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i] != "--allow-reference")
    {
        paths.Add(args[i]);
    }
    else if (i + 1 < args.Length)
    {
        allowed.Add(args[++i]);
    }
    else
    {
        Console.Error.WriteLine("error NANO000: --allow-reference needs an assembly name");
        return 2;
    }
}

var failed = false;
foreach (var path in paths)
{
    IReadOnlyList<PortabilityViolation> violations;
    try
    {
        violations = PortableMetadataChecker.Check(path, allowed);
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
