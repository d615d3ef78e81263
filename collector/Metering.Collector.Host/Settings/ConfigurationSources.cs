namespace Metering.Collector.Host.Settings;

/// <summary>
/// Where a command's settings come from, lowest priority first: <see cref="Defaults"/> (a command's own fixed
/// settings, such as the demo's), the configuration file (<c>--config FILE</c>, else <c>appsettings.json</c> in
/// <see cref="WorkingDirectory"/> when present), <c>METERING__SECTION__KEY</c> environment variables, then
/// <c>--Section:Key=value</c> arguments; <c>--data DIR</c> overrides <c>DataDirectory</c> last.
/// </summary>
public sealed record ConfigurationSources
{
    /// <summary><c>--config</c>: a JSON settings file that must exist; null for <c>appsettings.json</c> when present.</summary>
    public string? ConfigFile { get; init; }

    /// <summary><c>--data</c>: the data directory, overriding <c>DataDirectory</c> from every other source.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Arguments of the form <c>--Section:Key=value</c> or <c>--Section:Key value</c>.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    /// <summary>Where <c>appsettings.json</c> is looked for, and relative paths start.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Settings below every other source, as <c>Section:Key</c> to value.</summary>
    public IReadOnlyDictionary<string, string?> Defaults { get; init; } = new Dictionary<string, string?>();

    /// <summary>Read <c>appsettings.json</c> and the environment; false for a command that must not depend on them (the demo).</summary>
    public bool ReadFileAndEnvironment { get; init; } = true;
}
