using System.CommandLine;

namespace Metering.Collector.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonArguments
{
    /// <summary>The collector's data directory (state, dead letters, the default inventory and SQLite store).</summary>
    public static Option<string> Data() => new("--data")
    {
        Description = "The collector's data directory (default: ./metering-data, as `metering serve` uses).",
        DefaultValueFactory = _ => "metering-data",
    };

    /// <summary>Writes an error to stderr and returns exit code 2.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return 2;
    }
}
