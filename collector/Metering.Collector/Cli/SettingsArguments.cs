using System.CommandLine;
using Metering.Collector.Host.Settings;

namespace Metering.Collector.Cli;

/// <summary>
/// <c>--config FILE</c> and <c>--data DIR</c> (alias <c>--data-dir</c>), which every command that reads the collector's
/// settings or data takes, and the one call that turns them into settings through <see cref="CollectorConfiguration"/>:
/// <c>appsettings.json</c> in the working directory (or --config), <c>METERING__SECTION__KEY</c>, then --data.
/// </summary>
internal sealed class SettingsArguments
{
    /// <summary>--config.</summary>
    public Option<string?> Config { get; } = new("--config")
    {
        Description = "A settings file, JSON like appsettings.json (default: ./appsettings.json when present). Unknown keys are refused.",
    };

    /// <summary>--data.</summary>
    public Option<string?> Data { get; } = new("--data", "--data-dir")
    {
        Description = "The collector's data directory (overrides DataDirectory; default ./metering-data, as `metering serve` uses).",
    };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public SettingsArguments AddTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(Data);
        return this;
    }

    /// <summary>The settings the arguments select, or null after printing each error to <paramref name="stderr"/>.</summary>
    public CollectorSettings? Load(ParseResult parse, TextWriter stderr, IReadOnlyList<string>? overrides = null, string? workingDirectory = null)
    {
        var (settings, errors) = Read(parse, overrides, workingDirectory);
        Print(errors, stderr);
        return settings;
    }

    /// <summary>The settings the arguments select, or the errors that prevent reading them.</summary>
    public (CollectorSettings? Settings, IReadOnlyList<string> Errors) Read(ParseResult parse, IReadOnlyList<string>? overrides = null, string? workingDirectory = null) =>
        CollectorConfiguration.Load(new ConfigurationSources
        {
            ConfigFile = parse.GetValue(Config),
            DataDirectory = parse.GetValue(Data),
            Overrides = overrides ?? [],
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        });

    /// <summary>Prints settings errors: one as <c>error: ...</c>, several under <c>error: invalid configuration:</c>.</summary>
    public static void Print(IReadOnlyList<string> errors, TextWriter stderr)
    {
        if (errors.Count == 1)
        {
            stderr.WriteLine("error: " + errors[0]);
        }
        else if (errors.Count > 1)
        {
            stderr.WriteLine("error: invalid configuration:");
            foreach (var e in errors)
            {
                stderr.WriteLine("  " + e);
            }
        }
    }
}
