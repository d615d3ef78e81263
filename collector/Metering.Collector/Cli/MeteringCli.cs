using System.CommandLine;
using System.CommandLine.Invocation;

namespace Metering.Collector.Cli;

/// <summary>The command tree of <c>metering</c>. Each command's description ends with an example.</summary>
public static class MeteringCli
{
    /// <summary>Parses <paramref name="args"/> and runs the chosen command; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction && parsed.Errors.Count > 0)
        {
            // Said in a few lines on stderr with the nearest name, instead of the whole help on stdout.
            Console.Error.Write(ParseErrors.Describe(parsed));
            return 2;
        }

        var invocation = RunCommand.Invocation(parsed) ?? new InvocationConfiguration();
        invocation.EnableDefaultExceptionHandler = false;
        int code;
        try
        {
            code = await parsed.InvokeAsync(invocation);
        }
        catch (Exception e) when (DamagedInput.Describe(e) is { } what)
        {
            // A damaged or unreadable file is one clear line, never a stack trace.
            Console.Error.WriteLine("error: " + what);
            return 2;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Anything else is a bug: its trace is what a report needs (System.CommandLine's own handler did the same).
            Console.Error.WriteLine("Unhandled exception: " + e);
            return 1;
        }

        // Bad arguments exit 2 everywhere, as CommonArguments.Fail does (System.CommandLine's own parse errors give 1).
        return parsed.Action is System.CommandLine.Invocation.ParseErrorAction ? 2 : code;
    }

    /// <summary>The command tree, every command and option (tests read it to check one grammar across commands).</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand("""
            metering: wattmeter-backed energy and carbon accounting for AI jobs.
            Meters publish cumulative energy counters over MQTT; the collector stores them, maps channels to node
            feeds and attributes node energy to jobs. Run a command with --help for its options and an example.
            """);
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(SimCommand.Create());
        root.Subcommands.Add(InventoryCommands.Create());
        root.Subcommands.Add(DeadLetterCommand.Create());
        root.Subcommands.Add(DeviceCommands.Create());
        root.Subcommands.Add(BrokerCommands.Create());
        root.Subcommands.Add(BenchCommands.Create());
        root.Subcommands.Add(JobCommands.Create());
        root.Subcommands.Add(ReportCommands.Create());
        root.Subcommands.Add(CarbonCommands.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        return root;
    }
}
