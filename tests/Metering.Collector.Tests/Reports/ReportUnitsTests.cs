using Metering.Collector.Reports;

namespace Metering.Collector.Tests.Reports;

/// <summary>How figures read: the unit switches after rounding, three significant digits below it, two decimals above.</summary>
public sealed class ReportUnitsTests
{
    private const long Wh = 3_600_000;   // mJ

    public static TheoryData<string, long, string> Energies => new()
    {
        { "nothing", 0, "0 Wh" },
        { "a millijoule", 1, "0.000000278 Wh" },
        { "a third of a Wh", Wh / 3, "0.333 Wh" },
        { "12.345 Wh keeps three digits", 12_345 * Wh / 1000, "12.3 Wh" },
        { "99.96 Wh carries into the next decade", 99_960 * Wh / 1000, "100 Wh" },
        { "999 Wh stays in Wh", 999 * Wh, "999 Wh" },
        { "999.4 Wh rounds down to 999 Wh", 9_994 * Wh / 10, "999 Wh" },
        { "999.5 Wh rounds to 1000 Wh, so it reads in kWh", 9_995 * Wh / 10, "1.00 kWh" },
        { "1 kWh", 1000 * Wh, "1.00 kWh" },
        { "1.006 kWh", 1006 * Wh, "1.01 kWh" },
        { "1234.5 kWh", 1_234_500 * Wh, "1234.50 kWh" },
    };

    [Theory]
    [MemberData(nameof(Energies))]
    public void Energy_reads_in_Wh_below_1_kWh_else_kWh(string because, long millijoules, string expected) =>
        Assert.True(expected == ReportUnits.Energy(millijoules), $"{because}: {ReportUnits.Energy(millijoules)}");

    public static TheoryData<string, double, string> Masses => new()
    {
        { "nothing", 0, "0 g" },
        { "half a gram", 0.5, "0.500 g" },
        { "999 g stays in g", 999, "999 g" },
        { "999.49 g", 999.49, "999 g" },
        { "999.5 g rounds into kg", 999.5, "1.00 kg" },
        { "1 kg", 1000, "1.00 kg" },
        { "1.234 kg", 1234, "1.23 kg" },
    };

    [Theory]
    [MemberData(nameof(Masses))]
    public void Co2e_reads_in_g_below_1_kg_else_kg(string because, double grams, string expected) =>
        Assert.True(expected == ReportUnits.Co2e(grams), $"{because}: {ReportUnits.Co2e(grams)}");

    [Theory]
    [InlineData(1.0, "100.0")]
    [InlineData(0.99996, "99.9")]
    [InlineData(0.3, "30.0")]
    [InlineData(0.5, "50.0")]
    [InlineData(0.0004, "0.0")]
    [InlineData(0, "0.0")]
    public void Coverage_is_rounded_down_so_100_means_every_millisecond(double share, string expected) =>
        Assert.Equal(expected, ReportUnits.CoveragePercent(share));

    [Theory]
    [InlineData(0.12345, "12.3")]
    [InlineData(0.12356, "12.4")]
    [InlineData(0.99996, "100.0")]
    public void Idle_share_is_rounded(double share, string expected) => Assert.Equal(expected, ReportUnits.Percent(share));

    [Theory]
    [InlineData(0L, "00:00:00")]
    [InlineData(59_999L, "00:00:59")]
    [InlineData(3_723_000L, "01:02:03")]
    [InlineData(90_061_000L, "1-01:01:01")]
    [InlineData(-5L, "00:00:00")]
    public void Elapsed_reads_like_sacct(long ms, string expected) => Assert.Equal(expected, ReportUnits.Elapsed(ms));

    [Theory]
    [InlineData(3012.4, "3012")]
    [InlineData(41.66, "41.7")]
    [InlineData(0.5, "0.500")]
    [InlineData(null, "-")]
    public void Watts_keep_three_significant_digits(double? watts, string expected) => Assert.Equal(expected, ReportUnits.Watts(watts));

    [Fact]
    public void Times_are_UTC_to_the_second_and_open_ends_are_named()
    {
        Assert.Equal("2025-02-19T21:20:00Z", ReportUnits.Time(ReportFixture.T0));
        Assert.Equal(("start", "end"), (ReportUnits.Time(long.MinValue), ReportUnits.Time(long.MaxValue)));
    }
}
