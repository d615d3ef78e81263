using System.CommandLine;
using Metering.Collector.Reports;

namespace Metering.Collector.Cli;

/// <summary>
/// <c>metering report job|project|model|user|node</c>: energy, CO2e, method and coverage as the collector stored them,
/// as a table, JSON, CSV or a self-contained HTML page. Reads the configured store; no collector needs to run.
/// </summary>
internal static class ReportCommands
{
    private const string Formats = "table (default, read like sacct), json, csv or html (a self-contained page with charts)";

    public static Command Create()
    {
        var report = new Command("report", """
            Reports energy and CO2e from what the collector stored (the store `metering serve` writes, per appsettings.json,
            METERING__ variables and --data), with the attribution method and meter coverage beside every figure.
            Exit codes: 0 done, 2 bad arguments or settings, 3 the store cannot be read, 4 nothing stored for it.
            Example: metering report job slurm:4711 --format html --out job.html
            """);
        report.Subcommands.Add(Job());
        foreach (var kind in new[] { ReportKind.Project, ReportKind.Model, ReportKind.User })
        {
            report.Subcommands.Add(Label(kind));
        }

        report.Subcommands.Add(Node());
        return report;
    }

    private static Command Job()
    {
        var id = new Argument<string>("id") { Description = "The job id (e.g. slurm:4711)." };
        var command = new Command("job", """
            One job: its labels, IT and facility energy, CO2e, mean and peak power, idle share, method and coverage; the
            html format adds a chart per node of the node's measured power with the job's share filled beneath it.
            Example: metering report job slurm:4711 --format html --out job.html
            """)
        { id };
        return WithAction(command, ReportKind.Job, p => p.GetValue(id)!, null, null);
    }

    private static Command Label(ReportKind kind)
    {
        var name = kind.ToString().ToLowerInvariant();
        var key = new Argument<string>(name) { Description = $"The {name}, as the jobs were tagged." };
        var (from, to) = (Range("--from", "Only jobs that started at or after this time (default: the beginning)."), Range("--to", "Only jobs that started before this time (default: no end)."));
        var example = kind switch
        {
            ReportKind.Project => "metering report project climate-llm --from 2025-02-01 --to 2025-03-01 --format csv --out february.csv",
            ReportKind.Model => "metering report model llama-3-8b --from -7d",
            _ => "metering report user alice --from -30d --format json",
        };
        var command = new Command(name, $"""
            The jobs of a {name} that started in the range, one line each, with a total line; the html format adds a bar
            chart of each job's energy. Times: {ReportTime.Forms}.
            Example: {example}
            """)
        { key, from, to };
        return WithAction(command, kind, p => p.GetValue(key)!, from, to);
    }

    private static Command Node()
    {
        var node = new Argument<string>("node") { Description = "The node id, as in the inventory." };
        var (from, to) = (Range("--from", "Buckets that start at or after this time (default: 24 h before --to)."), Range("--to", "Buckets that start before this time (default: now)."));
        var command = new Command("node", $"""
            One node over the range: each job's share of its measured energy, the idle overhead and unallocated energy,
            and the measured total (they add up); the html format adds the node's power with the shares stacked.
            Times: {ReportTime.Forms}.
            Example: metering report node gpu-a01 --from 2025-02-19T00:00Z --to 2025-02-20T00:00Z --format html --out node.html
            """)
        { node, from, to };
        return WithAction(command, ReportKind.Node, p => p.GetValue(node)!, from, to);
    }

    private static Option<string?> Range(string name, string description) => new(name) { Description = description };

    private static Command WithAction(Command command, ReportKind kind, Func<ParseResult, string> key, Option<string?>? from, Option<string?>? to)
    {
        var format = new Option<string>("--format") { Description = "Output format: " + Formats + ".", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong([.. ReportRenderers.Names]);
        var output = new Option<string?>("--out") { Description = "Write to this file and print its path (default: stdout; html: report-<id>.html)." };
        var totals = new Option<bool>("--totals") { Description = "csv: add the total (or a node's measured) row after the data rows, which a spreadsheet would otherwise sum twice." };
        var settings = new SettingsArguments();
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(totals);
        settings.AddTo(command);
        command.SetAction(async (p, cancel) => await ReportRunner.RunAsync(
            new ReportInvocation(kind, key(p), from is null ? null : p.GetValue(from), to is null ? null : p.GetValue(to), p.GetValue(format)!,
                p.GetValue(output), p.GetValue(settings.Config), p.GetValue(settings.Data), Directory.GetCurrentDirectory(), DateTimeOffset.UtcNow, p.GetValue(totals)),
            p.InvocationConfiguration.Output, p.InvocationConfiguration.Error, cancel));
        return command;
    }
}
