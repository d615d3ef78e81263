using Microsoft.Extensions.Configuration;

namespace Metering.Collector.Host.Settings;

/// <summary>
/// The one way every command reads the collector's settings (<see cref="ConfigurationSources"/> says from where and
/// in which order). A key that binds to nothing is refused by name, a value that does not convert is refused with its
/// key, and nothing is validated beyond that here: <see cref="CollectorSettings.Validate"/> checks values, and a
/// command that uses only part of the settings (a report reads the storage) checks that part.
/// </summary>
public static class CollectorConfiguration
{
    /// <summary>The settings, or every reason they cannot be read (then <c>Settings</c> is null).</summary>
    public static (CollectorSettings? Settings, IReadOnlyList<string> Errors) Load(ConfigurationSources sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var file = sources.ConfigFile is null ? null : Path.GetFullPath(sources.ConfigFile, sources.WorkingDirectory);
        if (file is not null && !File.Exists(file))
        {
            return (null, [$"--config {file} does not exist"]);
        }

        if (Stray(sources.Overrides) is { } stray)
        {
            return (null, [$"unexpected argument '{stray}': settings are given as --Section:Key=value or --Section:Key value"]);
        }

        IConfigurationRoot configuration;
        try
        {
            var builder = new ConfigurationBuilder().AddInMemoryCollection(sources.Defaults);
            if (sources.ReadFileAndEnvironment)
            {
                builder.AddJsonFile(file ?? Path.Combine(sources.WorkingDirectory, "appsettings.json"), optional: file is null)
                    .AddEnvironmentVariables("METERING__");
            }

            configuration = builder.AddCommandLine([.. sources.Overrides]).Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            return (null, ["configuration: " + (e.InnerException?.Message ?? e.Message)]);
        }

        var unknown = SettingsKeys.Unknown(configuration, typeof(CollectorSettings));
        if (unknown.Count > 0)
        {
            return (null, unknown);
        }

        CollectorSettings settings;
        try
        {
            settings = configuration.Get<CollectorSettings>() ?? new CollectorSettings();
            SettingsLists.Replace(settings, configuration);
        }
        catch (InvalidOperationException e)
        {
            return (null, ["configuration: " + (e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message)]);
        }

        if (sources.DataDirectory is not null)
        {
            settings.DataDirectory = sources.DataDirectory;
        }

        settings.UseLogging(configuration.GetSection("Logging"));
        return (settings, []);
    }

    /// <summary>The first argument that is neither <c>--Key=value</c>, <c>--Key</c> nor the value after a <c>--Key</c>.</summary>
    private static string? Stray(IReadOnlyList<string> overrides)
    {
        for (var i = 0; i < overrides.Count; i++)
        {
            var token = overrides[i];
            if (!token.StartsWith("--", StringComparison.Ordinal) || token.Length == 2)
            {
                return token;
            }

            if (!token.Contains('=', StringComparison.Ordinal))
            {
                i++; // its value
            }
        }

        return null;
    }
}
