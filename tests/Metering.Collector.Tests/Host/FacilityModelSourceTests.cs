using Metering.Collector.Carbon;
using Metering.Collector.Files;
using Metering.Collector.Host;
using Metering.Collector.Host.Settings;
using Metering.Collector.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Tests.Host;

/// <summary>`metering serve`'s PUE and carbon model: configuration plus the imported series, rebuilt when a series file changes.</summary>
public sealed class FacilityModelSourceTests
{
    private const long H8 = 1_740_988_800_000;   // 2025-03-03T08:00:00Z

    [Fact]
    public void Imported_series_are_loaded_at_start_and_reloaded_when_the_folder_changes()
    {
        using var data = new TempFolder();
        var files = CarbonSeriesFiles.In(data.Path);
        files.Import("paris-dc1", new IntensitySeries([new IntensityPoint(H8, 400)]));
        var options = new CollectorSettings { DataDirectory = data.Path, Carbon = new CarbonSettings { Zones = { ["lab-b"] = new ZoneCarbon { GramsPerKwh = 300 } } } };

        var source = new FacilityModelSource(options, NullLogger.Instance);

        Assert.Equal(["paris-dc1"], source.ImportedZones);
        Assert.Equal(400, Intensity(source.Model, "paris-dc1"));
        Assert.Null(source.ReloadIfChanged());

        files.Import("paris-dc1", new IntensitySeries([new IntensityPoint(H8, 200)]));
        files.Import("lab-b", new IntensitySeries([new IntensityPoint(H8, 100)]));
        var reloaded = source.ReloadIfChanged();

        Assert.NotNull(reloaded);
        Assert.Same(reloaded, source.Model);
        Assert.Equal((200.0, 100.0), (Intensity(reloaded, "paris-dc1"), Intensity(reloaded, "lab-b")));
    }

    [Fact]
    public void A_series_file_that_no_longer_parses_is_left_out_and_its_zone_falls_back_to_its_constant()
    {
        using var data = new TempFolder();
        var files = CarbonSeriesFiles.In(data.Path);
        files.Import("lab-b", new IntensitySeries([new IntensityPoint(H8, 100)]));
        var options = new CollectorSettings { DataDirectory = data.Path, Carbon = new CarbonSettings { Zones = { ["lab-b"] = new ZoneCarbon { GramsPerKwh = 300 } } } };
        var source = new FacilityModelSource(options, NullLogger.Instance);

        File.WriteAllText(files.PathOf("lab-b"), "timestamp,g_co2e_per_kwh\nnot a time,1\n");
        var reloaded = source.ReloadIfChanged();

        Assert.Empty(source.ImportedZones);
        Assert.Equal(300, Intensity(reloaded!, "lab-b"));
    }

    private static double Intensity(FacilityCarbonModel model, string site) => model.For(null, site, H8, H8 + 10_000).Carbon.GramsPerKwh;
}
