using System.Text.RegularExpressions;
using Metering.Collector.Carbon;

namespace Metering.Collector.Tests.Carbon;

public sealed partial class CarbonCsvTests
{
    private const long H8 = 1_740_988_800_000;   // 2025-03-03T08:00:00Z

    /// <summary>The example in Carbon/README.md parses to the series it describes.</summary>
    [Fact]
    public void The_readme_example_parses()
    {
        var readme = File.ReadAllText(Repo.Path("collector/Metering.Collector.Core/Carbon/README.md"));
        var csv = ExampleBlock().Match(readme).Groups[1].Value;

        var series = CarbonCsv.Parse(new StringReader(csv));

        Assert.Equal(
            [new IntensityPoint(H8, 412.5), new(H8 + 1_800_000, 388), new(H8 + 3_600_000, 356.25), new(H8 + 5_400_000, 401)],
            series.Points);
        Assert.Equal(400.25, series.Average(H8 + 1_795_000, H8 + 1_805_000).GramsPerKwh, 9);   // a bucket across 08:30
    }

    [Fact]
    public void Rows_may_come_in_any_order_with_blank_lines_comments_offsets_and_fractions()
    {
        const string csv = "# grid operator export\n\nTimestamp , G_CO2E_PER_KWH\r\n2025-03-03T09:00:00+00:00, 300\r\n2025-03-03T08:00:00.250Z,1e2\n\n";
        var series = CarbonCsv.Parse(new StringReader(csv));
        Assert.Equal([new IntensityPoint(H8 + 250, 100), new(H8 + 3_600_000, 300)], series.Points);
    }

    [Theory]
    [InlineData("time,value\n2025-03-03T08:00:00Z,1", 1, "the first line must be the header \"timestamp,g_co2e_per_kwh\", not \"time,value\"")]
    [InlineData("timestamp,g_co2e_per_kwh\n2025-03-03T08:00:00,1", 2, "timestamp \"2025-03-03T08:00:00\" is not an ISO-8601 UTC time like 2025-03-01T08:00:00Z")]
    [InlineData("timestamp,g_co2e_per_kwh\n2025-03-03T09:00:00+01:00,1", 2, "timestamp \"2025-03-03T09:00:00+01:00\" is not an ISO-8601 UTC time")]
    [InlineData("timestamp,g_co2e_per_kwh\n2025-03-03,1", 2, "timestamp \"2025-03-03\" is not an ISO-8601 UTC time")]
    [InlineData("timestamp,g_co2e_per_kwh\n2025-03-03T08:00:00Z,-3", 2, "g_co2e_per_kwh \"-3\" must be a number of at least 0")]
    [InlineData("timestamp,g_co2e_per_kwh\n2025-03-03T08:00:00Z,12,5", 2, "expected 2 fields (timestamp,g_co2e_per_kwh), found 3")]
    [InlineData("timestamp,g_co2e_per_kwh\n2025-03-03T08:00:00Z,NaN", 2, "g_co2e_per_kwh \"NaN\" must be a number of at least 0")]
    [InlineData("timestamp,g_co2e_per_kwh\n\n2025-03-03T08:00:00Z,1\n2025-03-03T08:00:00Z,2", 4, "duplicate timestamp 2025-03-03T08:00:00Z (first at line 3)")]
    [InlineData("timestamp,g_co2e_per_kwh\n", 1, "no data rows")]
    [InlineData("", 1, "empty: expected the header")]
    public void Each_error_names_its_line(string csv, int line, string message)
    {
        var ex = Assert.Throws<CarbonCsvException>(() => CarbonCsv.Parse(new StringReader(csv)));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(line, error.Line);
        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        const string csv = "timestamp,g_co2e_per_kwh\nyesterday,1\n2025-03-03T08:00:00Z,lots\n2025-03-03T08:30:00Z,400\n";
        var ex = Assert.Throws<CarbonCsvException>(() => CarbonCsv.Parse(new StringReader(csv)));
        Assert.Equal([2, 3], ex.Errors.Select(e => e.Line));
        Assert.StartsWith("invalid carbon intensity CSV (2 errors):\n  line 2: timestamp \"yesterday\"", ex.Message);
    }

    [GeneratedRegex("<!-- carbon-csv-example -->\\s*```csv\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}
