using Metering.Collector.Carbon;

namespace Metering.Collector.Tests.Carbon;

public sealed class PueAndIntensityTests
{
    private const long H8 = 1_740_988_800_000;          // 2025-03-03T08:00:00Z
    private const long M30 = 1_800_000;

    private static readonly IntensitySeries Series = new([new(H8 + M30, 200), new(H8, 400), new(H8 + (2 * M30), 350)]);   // given unsorted

    [Theory]
    [InlineData("room-a", "paris-dc1", 1.35, PueSource.Zone)]
    [InlineData("room-z", "paris-dc1", 1.5, PueSource.Site)]
    [InlineData("room-z", "lab-b", 1.0, PueSource.Default)]
    public void Pue_comes_from_the_zone_then_the_site_then_1(string zone, string site, double pue, PueSource source)
    {
        var table = new PueTable(new Dictionary<string, double> { ["room-a"] = 1.35 }, new Dictionary<string, double> { ["paris-dc1"] = 1.5 });
        Assert.Equal(new PueLookup(pue, source), table.For(zone, site));
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(double.NaN)]
    public void A_pue_below_1_is_refused(double pue)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new PueTable(new Dictionary<string, double> { ["room-a"] = pue }));
        Assert.Equal("byZone", ex.ParamName);
        Assert.Contains("PUE of \"room-a\" must be a finite number of at least 1", ex.Message);
    }

    /// <summary>400 from 08:00, 200 from 08:30, 350 from 09:00 for one more period (30 min): the series ends at 09:30.</summary>
    [Theory]
    [InlineData(0, 10_000, 400, 1.0)]                          // inside one step
    [InlineData(M30 - 5_000, M30 + 5_000, 300, 1.0)]           // the step at 08:30 inside the bucket: half 400, half 200
    [InlineData(M30 - 2_500, M30 + 7_500, 250, 1.0)]           // a quarter at 400, three quarters at 200
    [InlineData(-5_000, 5_000, 400, 0.5)]                      // before the first row: its value held backward, half covered
    [InlineData(-20_000, -10_000, 400, 0.0)]                   // wholly before
    [InlineData((2 * M30) + 10_000, (2 * M30) + 20_000, 350, 1.0)]   // the last row's own period: it holds
    [InlineData((3 * M30) - 5_000, (3 * M30) + 5_000, 350, 0.5)]        // the series ends inside the bucket: half covered
    [InlineData(5 * M30, (5 * M30) + 10_000, 350, 0.0)]                 // long after: the last value, not covered (a feed that stopped)
    [InlineData(5 * M30, 5 * M30, 350, 0.0)]
    [InlineData(M30 - 5_000, (2 * M30) + 5_000, 200 + (200.0 * 5_000 / 1_810_000) + (150.0 * 5_000 / 1_810_000), 1.0)]  // three steps
    [InlineData(M30, M30, 200, 1.0)]                           // an instant: the value at it
    [InlineData(-1, -1, 400, 0.0)]
    public void A_series_gives_the_time_weighted_mean_over_the_range(long from, long to, double mean, double covered)
    {
        var lookup = Series.Average(H8 + from, H8 + to);
        Assert.Equal(mean, lookup.GramsPerKwh, 9);
        Assert.Equal(covered, lookup.CoveredShare, 12);
    }

    [Fact]
    public void A_series_refuses_duplicates_negatives_and_emptiness()
    {
        Assert.Contains("two points", Assert.Throws<ArgumentException>(() => new IntensitySeries([new(H8, 1), new(H8, 2)])).Message);
        Assert.Contains("at least 0", Assert.Throws<ArgumentException>(() => new IntensitySeries([new(H8, -1)])).Message);
        Assert.Contains("at least one point", Assert.Throws<ArgumentException>(() => new IntensitySeries([])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantIntensity(double.PositiveInfinity));
    }

    [Theory]
    [InlineData("room-a", "paris-dc1", 100, CarbonSource.Zone)]
    [InlineData("room-z", "paris-dc1", 56, CarbonSource.Site)]
    [InlineData("room-z", "lab-b", 475, CarbonSource.Default)]
    public void Intensity_comes_from_the_zone_then_the_site_then_the_default(string zone, string site, double g, CarbonSource source)
    {
        var table = new CarbonIntensityTable(
            new Dictionary<string, ICarbonIntensity> { ["room-a"] = new ConstantIntensity(100) },
            new Dictionary<string, ICarbonIntensity> { ["paris-dc1"] = new ConstantIntensity(56) },
            new ConstantIntensity(475));
        Assert.Equal(new CarbonLookup(g, source, false), table.For(zone, site, H8, H8 + 10_000));
    }

    [Fact]
    public void No_intensity_anywhere_gives_0_and_says_so_and_an_early_bucket_is_flagged_extrapolated()
    {
        Assert.Equal(new CarbonLookup(0, CarbonSource.None, false), CarbonIntensityTable.None.For("room-a", "paris-dc1", H8, H8 + 10_000));
        var table = new CarbonIntensityTable(bySite: new Dictionary<string, ICarbonIntensity> { ["paris-dc1"] = Series });
        Assert.Equal(new CarbonLookup(400, CarbonSource.Site, true), table.For("room-a", "paris-dc1", H8 - 10_000, H8));
        Assert.Equal(new CarbonLookup(350, CarbonSource.Site, true), table.For("room-a", "paris-dc1", H8 + (4 * M30), H8 + (4 * M30) + 10_000));
        var single = new CarbonIntensityTable(bySite: new Dictionary<string, ICarbonIntensity> { ["paris-dc1"] = new IntensitySeries([new(H8, 300)]) });
        Assert.Equal(new CarbonLookup(300, CarbonSource.Site, false), single.For("room-a", "paris-dc1", H8 + (40 * M30), H8 + (40 * M30) + 10_000));   // one row: no period, it holds
    }

    /// <summary>3 600 000 000 mJ = 1 kWh of IT at PUE 1.25 is 1.25 kWh of facility energy; at 400 g/kWh, 500 g.</summary>
    [Fact]
    public void Facility_energy_is_it_times_pue_and_co2e_is_facility_energy_times_intensity()
    {
        var model = new FacilityCarbonModel(
            new PueTable(new Dictionary<string, double> { ["room-a"] = 1.25 }),
            new CarbonIntensityTable(bySite: new Dictionary<string, ICarbonIntensity> { ["paris-dc1"] = new ConstantIntensity(400) }));
        var f = model.For("room-a", "paris-dc1", H8, H8 + 10_000);

        Assert.Equal(4_500_000_000, f.FacilityMillijoules(3_600_000_000));
        Assert.Equal(500, f.Co2eGrams(f.FacilityMillijoules(3_600_000_000)), 9);
        Assert.Equal(3, f.FacilityMillijoules(2));   // 2.5 rounds away from zero
        Assert.Equal(PueSource.Default, FacilityCarbonModel.None.For("room-a", "paris-dc1", H8, H8).Pue.Source);
    }
}
