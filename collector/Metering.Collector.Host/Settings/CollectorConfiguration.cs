using Microsoft.Extensions.Configuration;

namespace Metering.Collector.Host.Settings;

/// <summary>
/// The collector's settings as `metering serve` reads them: appsettings.json (or --config), then METERING__SECTION__KEY
/// environment variables, then --data. For commands that read what the collector stored, without running it.
/// </summary>
public static class CollectorConfiguration
{
    /// <summary>The options, or an error naming the file or setting.</summary>
    /// <param name="configFile">--config, or null for appsettings.json in <paramref name="workingDirectory"/> when present.</param>
    /// <param name="data">--data, overriding DataDirectory.</param>
    /// <param name="workingDirectory">Where appsettings.json is looked for.</param>
    public static (CollectorSettings? Options, string? Error) Load(FileInfo? configFile, string? data, string workingDirectory)
    {
        if (configFile is { Exists: false })
        {
            return (null, $"--config {configFile.FullName} does not exist");
        }

        try
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(configFile?.FullName ?? Path.Combine(workingDirectory, "appsettings.json"), optional: configFile is null)
                .AddEnvironmentVariables("METERING__")
                .Build();
            var options = configuration.Get<CollectorSettings>(b => b.ErrorOnUnknownConfiguration = false) ?? new CollectorSettings();
            if (data is not null)
            {
                options.DataDirectory = data;
            }

            return (options, null);
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException or FormatException)
        {
            return (null, "configuration: " + e.Message);
        }
    }
}
