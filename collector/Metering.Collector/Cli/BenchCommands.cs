using System.CommandLine;

using Metering.Collector.Bench;

namespace Metering.Collector.Cli;

/// <summary><c>metering bench</c>: benchmarks that print their figures.</summary>
internal static class BenchCommands
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks that print their figures, each against a baseline measured in the same run.\nExample: metering bench ingest --devices 200 --windows 100; metering bench load --devices 3000 --window-s 1 --duration 60s");
        command.Subcommands.Add(IngestBench.Command());
        command.Subcommands.Add(AttributionBench.Command());
        command.Subcommands.Add(LoadBench.Command());
        return command;
    }
}
