using Metering.Collector.Carbon;
using Metering.Collector.Demo;
using Metering.Collector.Files;
using Metering.Collector.Tests.Storage;

namespace Metering.Collector.Tests.Demo;

/// <summary>The demo's facility: its zone's PUE, and a carbon series the collector's own loader accepts.</summary>
public sealed class DemoFacilityTests
{
    [Fact]
    public void Demo_nodes_get_the_zone_s_PUE_not_a_default()
    {
        var (settings, errors) = Metering.Collector.Host.Settings.CollectorConfiguration.Load(
            new Metering.Collector.Host.Settings.ConfigurationSources { Defaults = DemoFacility.Settings(), ReadFileAndEnvironment = false });
        Assert.Empty(errors);
        var table = settings!.Facility.ToTable();
        Assert.Equal(new PueLookup(DemoFacility.Pue, PueSource.Zone), table.For(DemoSite.PueZone, DemoSite.SiteId));
    }

    [Fact]
    public void The_carbon_series_is_stored_where_the_collector_loads_it_and_covers_the_run_every_5_minutes()
    {
        using var temp = new TempFolder();
        var from = DateTimeOffset.Parse("2026-11-29T22:47:13Z", System.Globalization.CultureInfo.InvariantCulture);
        var to = from.AddHours(3);

        DemoFacility.WriteCarbon(temp.Path, from, to);
        var series = CarbonSeriesFiles.In(temp.Path).Load(DemoSite.PueZone)!;

        Assert.Equal(from.AddMinutes(-2).AddSeconds(-13).ToUnixTimeMilliseconds(), series.Points[0].TimestampMs);   // 22:45, on the 5 min grid
        Assert.True(series.Points[^1].TimestampMs >= to.AddMinutes(-5).ToUnixTimeMilliseconds());
        Assert.All(series.Points.Zip(series.Points.Skip(1)), p => Assert.Equal(300_000, p.Second.TimestampMs - p.First.TimestampMs));
        Assert.All(series.Points, p => Assert.InRange(p.GramsPerKwh, 170, 350));
        Assert.True(series.Points.Max(p => p.GramsPerKwh) - series.Points.Min(p => p.GramsPerKwh) > 150, "the grid's intensity swings over the run");
        Assert.Equal(DemoFacility.CarbonCsv(from, to), File.ReadAllText(CarbonSeriesFiles.In(temp.Path).PathOf(DemoSite.PueZone)));
    }
}
