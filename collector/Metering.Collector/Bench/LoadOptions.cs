namespace Metering.Collector.Bench;

/// <summary>What <c>metering bench load</c> runs (one property per option, same defaults).</summary>
internal sealed record LoadOptions
{
    /// <summary>Virtual meters (<c>--devices</c>).</summary>
    public int Devices { get; init; } = 3000;

    /// <summary>Their publish window, seconds (<c>--window-s</c>).</summary>
    public int WindowSeconds { get; init; } = 1;

    /// <summary>How long the meters run before they stop closing windows (<c>--duration</c>).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>INA219 GPU rails per meter beside its two PZEM-004T feeds (<c>--rails</c>).</summary>
    public int Rails { get; init; } = 2;

    /// <summary>Scheduler shards ticking the meters (<c>--threads</c>).</summary>
    public int Threads { get; init; } = 4;

    /// <summary>Seed of the simulated nodes (<c>--seed</c>).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>After the run, how long the meters may deliver what they hold before their power is cut (<c>--drain</c>).</summary>
    public TimeSpan Drain { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>After the power-off, how long the collector may take to acknowledge and store everything it was sent.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>The metering.dll run as <c>metering serve</c> (<c>--collector</c>: e.g. an older build, to compare).</summary>
    public string MeteringDll { get; init; } = typeof(LoadOptions).Assembly.Location;

    /// <summary>Extra settings for the collector, <c>Section:Key=value</c> (<c>--set</c>).</summary>
    public IReadOnlyList<string> CollectorSettings { get; init; } = [];

    /// <summary>Keep the collector's data directory after the run (<c>--keep</c>), to look into its store.</summary>
    public bool KeepData { get; init; }

    /// <summary>How often a progress line is printed.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the options; throws naming the one that is wrong.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        if (Devices is < 1 or > Simulation.Fleet.SimulationOptions.MaxDevices) throw new ArgumentException($"--devices must be 1..{Simulation.Fleet.SimulationOptions.MaxDevices}", nameof(Devices));
        if (WindowSeconds is < 1 or > 3600) throw new ArgumentException("--window-s must be 1..3600", nameof(WindowSeconds));
        if (Duration < TimeSpan.FromSeconds(WindowSeconds * 2)) throw new ArgumentException("--duration must cover at least two windows", nameof(Duration));
        if (Threads is < 1 or > 64) throw new ArgumentException("--threads must be 1..64", nameof(Threads));
        if (!File.Exists(MeteringDll)) throw new ArgumentException($"--collector: {MeteringDll} does not exist", nameof(MeteringDll));
    }
}
