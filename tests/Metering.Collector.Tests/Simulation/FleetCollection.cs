namespace Metering.Collector.Tests.Simulation;

/// <summary>
/// Fleets compare counters with the truth: their 20 Hz sampling must not compete with the other test classes for the
/// two cores, so they run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FleetCollection
{
    public const string Name = "fleets run alone";
}
