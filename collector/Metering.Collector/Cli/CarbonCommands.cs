using System.CommandLine;
using System.Globalization;
using System.Text;
using Metering.Collector.Carbon;
using Metering.Collector.Files;
using Metering.Collector.Nodes;

namespace Metering.Collector.Cli;

/// <summary><c>metering carbon import|list</c>: carbon-intensity series per zone, kept under the data directory.</summary>
internal static class CarbonCommands
{
    public static Command Create()
    {
        var command = new Command("carbon", """
            Carbon-intensity series (gCO2e per kWh over time) per zone, stored under DATA_DIR/carbon/ and loaded by
            `metering serve` at start and whenever a file changes. A zone is a node's pue_zone or its site.
            Example: metering carbon import grid-2025-03.csv --zone paris-dc1
            """);
        command.Subcommands.Add(Import());
        command.Subcommands.Add(List());
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "CSV with the header timestamp,g_co2e_per_kwh and one row per change (Carbon/README.md)." };
        var zone = new Option<string>("--zone") { Description = "The zone: a node's pue_zone or a site id.", Required = true };
        var settings = new SettingsArguments();
        var command = new Command("import", """
            Validates a carbon-intensity CSV (every error with its line and column), merges it into the zone's stored
            series (a row replaces a stored row at the same timestamp) and writes it atomically; prints the rows, span
            and time-weighted mean. A running `metering serve` picks the new series up within a few seconds.
            Example: metering carbon import grid-2025-03.csv --zone paris-dc1 --data-dir /var/lib/metering
            """)
        {
            file, zone,
        };
        settings.AddTo(command);
        command.SetAction(p => settings.Load(p, Console.Error) is { } loaded ? Run(p.GetValue(file)!, p.GetValue(zone)!, loaded.DataDirectory, Console.Out, Console.Error, loaded.DataFiles.FileMode) : 2);
        return command;
    }

    private static Command List()
    {
        var settings = new SettingsArguments();
        var command = new Command("list", """
            Lists the zones with an imported carbon-intensity series: rows, span and time-weighted mean.
            Example: metering carbon list --data-dir /var/lib/metering
            """);
        settings.AddTo(command);
        command.SetAction(p => settings.Load(p, Console.Error) is { } loaded ? RunList(loaded.DataDirectory, Console.Out) : 2);
        return command;
    }

    /// <summary>`metering carbon import`: 0 when stored, 2 for a bad zone, file or CSV (each error printed to <paramref name="error"/>).</summary>
    internal static int Run(FileInfo file, string zone, string dataDirectory, TextWriter output, TextWriter error, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        if (!InventoryIds.IsValid(zone) || zone.Trim('.').Length == 0)
        {
            error.WriteLine($"error: --zone \"{zone}\" must be {InventoryIds.Rule}, not only dots");
            return 2;
        }

        if (!file.Exists)
        {
            error.WriteLine($"error: {file.FullName} does not exist");
            return 2;
        }

        IntensitySeries imported;
        try
        {
            using var reader = new StreamReader(file.FullName, Encoding.UTF8);
            imported = CarbonCsv.Parse(reader);
        }
        catch (CarbonCsvException ex)
        {
            error.WriteLine($"error: {file.Name} is not a valid carbon intensity CSV ({ex.Errors.Count} {(ex.Errors.Count == 1 ? "error" : "errors")}); nothing was imported:");
            foreach (var e in ex.Errors)
            {
                error.WriteLine($"  line {e.Line}{(e.Column is { } c ? $", column {c} ({(c == 1 ? "timestamp" : "g_co2e_per_kwh")})" : "")}: {e.Message}");
            }

            return 2;
        }

        var result = CarbonSeriesFiles.In(dataDirectory, mode).Import(zone, imported);
        output.WriteLine($"read {file.Name}: {Describe(imported)}");
        output.WriteLine($"zone {zone}: {Rows(result.Added)} added, {result.Replaced} replaced; stored series {Describe(result.Stored)}");
        output.WriteLine($"written to {result.Path}");
        return 0;
    }

    /// <summary>`metering carbon list`.</summary>
    internal static int RunList(string dataDirectory, TextWriter output)
    {
        var files = CarbonSeriesFiles.In(dataDirectory);
        var zones = files.Zones();
        if (zones.Count == 0)
        {
            output.WriteLine($"no carbon intensity series in {files.Directory} (import one with `metering carbon import FILE --zone Z`)");
            return 0;
        }

        foreach (var zone in zones)
        {
            try
            {
                output.WriteLine($"{zone}: {Describe(files.Load(zone)!)}");
            }
            catch (Exception ex) when (ex is CarbonCsvException or IOException)
            {
                output.WriteLine($"{zone}: not loadable ({ex.Message.ReplaceLineEndings(" ")})");
            }
        }

        return 0;
    }

    /// <summary>"4 rows, 2025-03-03T08:00:00Z to 2025-03-03T09:30:00Z (1.5 h), time-weighted mean 385.6 gCO2e/kWh".</summary>
    internal static string Describe(IntensitySeries series)
    {
        long first = series.Points[0].TimestampMs, last = series.Points[^1].TimestampMs;
        var mean = series.Average(first, last).GramsPerKwh;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Rows(series.Points.Count)}, {CarbonSeriesFiles.Timestamp(first)} to {CarbonSeriesFiles.Timestamp(last)} ({(last - first) / 3_600_000.0:0.##} h), time-weighted mean {mean:0.##} gCO2e/kWh");
    }

    private static string Rows(int n) => n == 1 ? "1 row" : string.Create(CultureInfo.InvariantCulture, $"{n} rows");
}
