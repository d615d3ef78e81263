using Metering.Collector.Attribution;
using Metering.Collector.Carbon;
using Metering.Collector.Host;
using Metering.Collector.Host.Settings;
using Microsoft.Extensions.Configuration;

namespace Metering.Collector.Tests.Host;

/// <summary>
/// The Attribution, Facility and Carbon sections, bound as `metering serve` binds them (appsettings, environment,
/// --Section:Key=value): checked before anything starts, each problem naming its setting.
/// </summary>
public sealed class AttributionSettingsTests
{
    public static TheoryData<string, string, string> Invalid => new()
    {
        { "Attribution:IdlePolicy", "half", "Attribution:IdlePolicy must be shared or overhead, got 'half'" },
        { "Attribution:GpuReferenceWatts", "-1", "Attribution:GpuReferenceWatts must be a number of watts in 0..100000, got -1" },
        { "Attribution:CoreReferenceWatts", "200000", "Attribution:CoreReferenceWatts must be a number of watts in 0..100000, got 200000" },
        { "Attribution:RetentionMinutes", "0", "Attribution:RetentionMinutes must be 1..10080 (a week), got 0" },
        { "Attribution:RetentionMinutes", "2", "Attribution:RetentionMinutes (2 min) must cover NodeEnergy:LatenessSeconds + NodeEnergy:BucketSeconds (130 s)" },
        { "Facility:Pue", "0.9", "Facility:Pue must be a number of at least 1 (facility energy = IT energy x PUE), got 0.9" },
        { "Facility:Zones:room-a:Pue", "0.5", "Facility:Zones:room-a:Pue must be a number of at least 1, got 0.5" },
        { "Facility:Zones:room a:Pue", "1.2", "Facility:Zones:room a: the zone must be 1 to 64 characters of ASCII letters, digits, '.', '_' or '-'" },
        { "Facility:Zones:room-a:PUE_typo", "1.2", "Facility:Zones:room-a:Pue is required" },
        { "Carbon:GramsPerKwh", "-5", "Carbon:GramsPerKwh must be a number of at least 0, got -5" },
        { "Carbon:Zones:paris-dc1:GramsPerKwh", "-1", "Carbon:Zones:paris-dc1:GramsPerKwh must be a number of at least 0, got -1" },
        { "Carbon:Zones:paris-dc1:Grams", "52", "Carbon:Zones:paris-dc1:GramsPerKwh is required" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_problem_is_reported_naming_its_setting(string key, string value, string message)
    {
        var options = Bind(new() { [key] = value });

        Assert.Equal([message], options.Validate());
        var e = Assert.Throws<CollectorConfigurationException>(() => CollectorHost.Create(options, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        Assert.Contains(message, e.Errors);
    }

    [Fact]
    public void With_no_settings_the_defaults_are_valid_shared_300_and_10_watts_an_hour_no_pue_and_no_carbon()
    {
        var options = Bind([]);

        Assert.Empty(options.Validate());
        Assert.Equal((IdlePolicy.Shared, ReferenceWatts.Default), (options.Attribution.ToPolicy().IdlePolicy, options.Attribution.ToPolicy().Reference));
        Assert.Equal(3_600_000, options.Attribution.ToStageOptions().RetentionMs);
        var model = new FacilityCarbonModel(options.Facility.ToTable(), options.Carbon.ToTable(new Dictionary<string, IntensitySeries>()));
        Assert.Equal((1.0, PueSource.Default, CarbonSource.None), Lookup(model, "room-a", "paris-dc1"));
    }

    [Fact]
    public void Configured_settings_give_the_policy_and_a_model_where_zone_beats_site_beats_default_and_an_import_beats_a_constant()
    {
        var options = Bind(new()
        {
            ["Attribution:IdlePolicy"] = "Overhead",
            ["Attribution:GpuReferenceWatts"] = "550",
            ["Attribution:CoreReferenceWatts"] = "8",
            ["Attribution:RetentionMinutes"] = "15",
            ["Facility:Pue"] = "1.6",
            ["Facility:Zones:room-a:Pue"] = "1.35",
            ["Facility:Zones:paris-dc1:Pue"] = "1.5",
            ["Carbon:GramsPerKwh"] = "475",
            ["Carbon:Zones:paris-dc1:GramsPerKwh"] = "52",
            ["Carbon:Zones:lab-b:GramsPerKwh"] = "300",
        });
        var imported = new Dictionary<string, IntensitySeries> { ["lab-b"] = new([new IntensityPoint(0, 123)]) };

        Assert.Empty(options.Validate());
        Assert.Equal((IdlePolicy.Overhead, new ReferenceWatts(550, 8)), (options.Attribution.ToPolicy().IdlePolicy, options.Attribution.ToPolicy().Reference));
        Assert.Equal(900_000, options.Attribution.ToStageOptions().RetentionMs);
        var model = new FacilityCarbonModel(options.Facility.ToTable(), options.Carbon.ToTable(imported));
        Assert.Equal((1.35, PueSource.Zone, CarbonSource.Site), Lookup(model, "room-a", "paris-dc1"));
        Assert.Equal((1.5, PueSource.Site, CarbonSource.Site), Lookup(model, "room-b", "paris-dc1"));
        Assert.Equal((1.6, PueSource.Fallback, CarbonSource.Default), Lookup(model, "room-c", "lyon"));
        Assert.Equal(52, model.For("room-a", "paris-dc1", 0, 10_000).Carbon.GramsPerKwh);
        Assert.Equal(475, model.For("room-c", "lyon", 0, 10_000).Carbon.GramsPerKwh);
        Assert.Equal(123, model.For("lab-b", "lab-b", 0, 10_000).Carbon.GramsPerKwh);
    }

    private static (double Pue, PueSource Pues, CarbonSource Carbon) Lookup(FacilityCarbonModel model, string zone, string site)
    {
        var f = model.For(zone, site, 0, 10_000);
        return (f.Pue.Pue, f.Pue.Source, f.Carbon.Source);
    }

    /// <summary>Binds as ServeCommand does (unknown keys ignored), into a throwaway data directory.</summary>
    private static CollectorSettings Bind(Dictionary<string, string?> settings)
    {
        settings["DataDirectory"] = Path.Combine(Path.GetTempPath(), "metering-config-" + Guid.NewGuid().ToString("N"));
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build().Get<CollectorSettings>(b => b.ErrorOnUnknownConfiguration = false)!;
    }
}
