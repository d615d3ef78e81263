using System.CommandLine;

namespace Metering.Collector.Cli;

/// <summary>Options several commands share.</summary>
internal static class CommonArguments
{
    /// <summary>Writes an error to stderr and returns exit code 2.</summary>
    public static int Fail(string message)
    {
        Console.Error.WriteLine("error: " + message);
        return 2;
    }
}
