using System.Text.RegularExpressions;
using Metering.Collector.Carbon;
using Metering.Collector.Cli;
using Metering.Collector.Files;
using Metering.Collector.Tests.Storage;

namespace Metering.Collector.Tests.Carbon;

/// <summary>`metering carbon import FILE --zone Z` and `metering carbon list`, and the example file the README shows.</summary>
public sealed partial class CarbonImportCommandTests
{
    private const string ExamplePath = "collector/Metering.Collector.Core/Carbon/examples/paris-dc1.csv";

    [Fact]
    public void The_example_file_is_the_readme_example_and_imports_as_the_series_it_describes()
    {
        var readme = File.ReadAllText(Repo.Path("collector/Metering.Collector.Core/Carbon/README.md"));
        Assert.Equal(ExampleBlock().Match(readme).Groups[1].Value, File.ReadAllText(Repo.Path(ExamplePath)));
        using var data = new TempFolder();

        var (exit, output, errors) = Import(Repo.Path(ExamplePath), "paris-dc1", data.Path);

        Assert.Equal((0, ""), (exit, errors));
        var expected = CarbonCsv.Parse(new StringReader(File.ReadAllText(Repo.Path(ExamplePath))));
        var stored = CarbonSeriesFiles.In(data.Path).Load("paris-dc1")!;
        Assert.Equal(expected.Points, stored.Points);
        Assert.Equal(
            $"""
            read paris-dc1.csv: {CarbonCommands.Describe(expected)}
            zone paris-dc1: 4 rows added, 0 replaced; stored series {CarbonCommands.Describe(stored)}
            written to {Path.Combine(data.Path, "carbon", "paris-dc1.csv")}

            """, output);
        Assert.Contains("4 rows, 2025-03-03T08:00:00Z to 2025-03-03T09:30:00Z (1.5 h), time-weighted mean 385.58 gCO2e/kWh", output);
        Assert.Equal(["paris-dc1.csv"], Directory.GetFiles(Path.Combine(data.Path, "carbon")).Select(Path.GetFileName));   // no temporary file left
    }

    [Fact]
    public void An_import_merges_into_the_zones_series_and_its_rows_win_at_equal_timestamps()
    {
        using var data = new TempFolder();
        Import(Write(data, "first.csv", "timestamp,g_co2e_per_kwh\n2025-03-03T08:00:00Z,400\n2025-03-03T09:00:00Z,300\n"), "lab-b", data.Path);

        var (exit, output, _) = Import(Write(data, "second.csv", "timestamp,g_co2e_per_kwh\n2025-03-03T09:00:00Z,200\n2025-03-03T10:00:00.250Z,1e2\n"), "lab-b", data.Path);

        Assert.Equal(0, exit);
        Assert.Contains("zone lab-b: 1 row added, 1 replaced; stored series 3 rows", output);
        const long H8 = 1_740_988_800_000;   // 2025-03-03T08:00:00Z
        Assert.Equal([new IntensityPoint(H8, 400), new(H8 + 3_600_000, 200), new(H8 + 7_200_250, 100)], CarbonSeriesFiles.In(data.Path).Load("lab-b")!.Points);
        Assert.Equal(
            "# zone lab-b, written by metering carbon import\ntimestamp,g_co2e_per_kwh\n2025-03-03T08:00:00Z,400\n2025-03-03T09:00:00Z,200\n2025-03-03T10:00:00.250Z,100\n",
            File.ReadAllText(Path.Combine(data.Path, "carbon", "lab-b.csv")));
    }

    [Fact]
    public void A_bad_file_is_refused_with_every_error_by_line_and_column_and_nothing_is_stored()
    {
        using var data = new TempFolder();
        var file = Write(data, "bad.csv", "timestamp,g_co2e_per_kwh\nyesterday,1\n2025-03-03T08:00:00Z,lots\n2025-03-03T08:30:00Z,5,6\n");

        var (exit, output, errors) = Import(file, "paris-dc1", data.Path);

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal(
            """
            error: bad.csv is not a valid carbon intensity CSV (3 errors); nothing was imported:
              line 2, column 1 (timestamp): timestamp "yesterday" is not an ISO-8601 UTC time like 2025-03-01T08:00:00Z
              line 3, column 2 (g_co2e_per_kwh): g_co2e_per_kwh "lots" must be a number of at least 0
              line 4: expected 2 fields (timestamp,g_co2e_per_kwh), found 3

            """, errors);
        Assert.False(Directory.Exists(Path.Combine(data.Path, "carbon")));
    }

    [Theory]
    [InlineData("paris dc1", "error: --zone \"paris dc1\" must be 1 to 64 characters of ASCII letters, digits, '.', '_' or '-', not only dots")]
    [InlineData("..", "error: --zone \"..\" must be 1 to 64 characters")]
    public void A_zone_that_is_not_an_id_is_refused(string zone, string message)
    {
        using var data = new TempFolder();
        var (exit, _, errors) = Import(Repo.Path(ExamplePath), zone, data.Path);
        Assert.Equal(2, exit);
        Assert.StartsWith(message, errors);
    }

    [Fact]
    public void A_missing_file_is_refused()
    {
        using var data = new TempFolder();
        var (exit, _, errors) = Import(data.File("nope.csv"), "paris-dc1", data.Path);
        Assert.Equal((2, $"error: {data.File("nope.csv")} does not exist\n"), (exit, errors.ReplaceLineEndings("\n")));
    }

    [Fact]
    public void List_shows_each_zone_with_its_rows_span_and_mean()
    {
        using var data = new TempFolder();
        var empty = new StringWriter();
        Assert.Equal(0, CarbonCommands.RunList(data.Path, empty));
        Assert.StartsWith("no carbon intensity series in ", empty.ToString());
        Import(Repo.Path(ExamplePath), "paris-dc1", data.Path);
        Import(Write(data, "lab.csv", "timestamp,g_co2e_per_kwh\n2025-03-03T08:00:00Z,52\n"), "lab-b", data.Path);
        File.WriteAllText(Path.Combine(data.Path, "carbon", "broken.csv"), "time,value\n");

        var output = new StringWriter();
        Assert.Equal(0, CarbonCommands.RunList(data.Path, output));

        Assert.Equal(
            [
                "broken: not loadable (invalid carbon intensity CSV: line 1: the first line must be the header \"timestamp,g_co2e_per_kwh\", not \"time,value\")",
                "lab-b: 1 row, 2025-03-03T08:00:00Z to 2025-03-03T08:00:00Z (0 h), time-weighted mean 52 gCO2e/kWh",
                "paris-dc1: 4 rows, 2025-03-03T08:00:00Z to 2025-03-03T09:30:00Z (1.5 h), time-weighted mean 385.58 gCO2e/kWh",
            ],
            output.ToString().TrimEnd().Split('\n'));
    }

    private static (int Exit, string Output, string Errors) Import(string file, string zone, string dataDirectory)
    {
        var output = new StringWriter { NewLine = "\n" };
        var errors = new StringWriter { NewLine = "\n" };
        var exit = CarbonCommands.Run(new FileInfo(file), zone, dataDirectory, output, errors);
        return (exit, output.ToString(), errors.ToString());
    }

    private static string Write(TempFolder folder, string name, string text)
    {
        File.WriteAllText(folder.File(name), text);
        return folder.File(name);
    }

    [GeneratedRegex("<!-- carbon-csv-example -->\\s*```csv\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
