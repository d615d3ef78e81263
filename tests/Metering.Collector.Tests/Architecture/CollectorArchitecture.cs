namespace Metering.Collector.Tests.Architecture;

/// <summary>
/// The collector's allowed dependencies, in data-flow order (ARCHITECTURE.md, "Stages and layers"): the pure core's
/// stages, then the adapters over outside systems, the host that wires them, the HTTP API, and the commands on top.
/// A stage may use only stages before it, and only those listed. Changing this table is a design decision: say why
/// in the commit and in ARCHITECTURE.md.
/// </summary>
internal static class CollectorArchitecture
{
    public const string Core = "Metering.Collector.Core";
    public const string Adapters = "Metering.Collector.Adapters";
    public const string Host = "Metering.Collector.Host";
    public const string Api = "Metering.Collector.Api";
    public const string Executable = "metering";
    public const string Simulation = "Metering.Simulation";

    public static readonly ArchitectureRules Rules = new(
    [
        // Below the collector: the wire contract, the firmware core with its host runner (virtual meters), and the
        // simulated world the meters measure. The world uses neither the collector nor its rules, so its truth cannot
        // come from them.
        new("Protocol", "Metering.Protocol"),
        new("Firmware", "Metering.Firmware.Host", "Protocol"),
        new("Simulation", Simulation, "Protocol", "Firmware"),

        // Core: pure, no package, no I/O, no clock.
        new("Points", Core),
        new("Ingest", Core, "Protocol", "Points"),
        new("Intervals", Core, "Ingest", "Points"),
        new("Nodes", Core, "Protocol", "Ingest", "Intervals", "Points"),
        new("Carbon", Core),
        new("Jobs", Core),
        new("Attribution", Core, "Points", "Nodes", "Carbon", "Jobs"),

        // Adapters: one outside system each.
        new("Files", Adapters, "Nodes", "Carbon"),
        new("Mqtt", Adapters, "Protocol", "Files"),
        new("Storage", Adapters, "Points", "Jobs"),
        new("Slurm", Adapters, "Jobs"),

        // The composition: pipeline, checkpoint, live attribution, settings, metrics, health.
        new("Host", Host, "Protocol", "Points", "Ingest", "Intervals", "Nodes", "Carbon", "Jobs", "Attribution", "Mqtt", "Storage", "Files", "Slurm"),

        // On top: the HTTP API, then the commands.
        new("Api", Api, "Protocol", "Points", "Ingest", "Jobs", "Storage", "Host"),
        new("Reports", Executable, "Points", "Jobs", "Storage"),
        new("Run", Executable, "Api"),
        new("Bench", Executable, "Protocol", "Firmware", "Points", "Ingest", "Intervals", "Nodes", "Carbon", "Jobs", "Attribution", "Mqtt", "Storage", "Host", "Simulation"),
        new("Demo", Executable, "Protocol", "Firmware", "Points", "Nodes", "Jobs", "Attribution", "Mqtt", "Storage", "Files", "Host", "Api", "Reports", "Simulation", "Bench"),
        new("Cli", Executable, "Points", "Nodes", "Carbon", "Jobs", "Mqtt", "Storage", "Files", "Host", "Api", "Reports", "Run", "Simulation", "Bench", "Demo"),
    ]);

    /// <summary>The collector's assemblies and the simulated world's, as built beside the tests.</summary>
    public static IReadOnlyList<string> AssemblyPaths()
    {
        var folder = Path.GetDirectoryName(typeof(CollectorArchitecture).Assembly.Location)!;
        return [.. new[] { Simulation, Core, Adapters, Host, Api, Executable }.Select(a => Path.Combine(folder, a + ".dll"))];
    }
}
