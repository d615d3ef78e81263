using Metering.Collector.Attribution;
using Metering.Collector.Carbon;
using Metering.Collector.Jobs;
using static Metering.Collector.Tests.Attribution.Given;

namespace Metering.Collector.Tests.Attribution;

/// <summary>
/// A bucket re-attributed after the PUE or carbon configuration changed keeps the factors it was attributed with (a
/// restart with a forgotten or different setting never rewrites stored results); a stand-in (no PUE, no intensity)
/// takes the configured value once there is one, counted so the collector can say so.
/// </summary>
public sealed class FactorsKeepTheirTimeTests
{
    private static readonly FacilityCarbonModel Pue13Carbon300 = Model(1.3, 300);

    [Fact]
    public void A_configured_PUE_and_intensity_survive_a_restart_that_forgot_them()
    {
        var jobs = new JobTable();
        jobs.Upsert(Job("a", 8, 64));
        var stage = new AttributionStage(Inventory(), jobs, new Attributor(AttributionPolicy.Default, Pue13Carbon300));
        var first = stage.OnNodeEnergy(Bucket(9_000_000)).Records.Single();

        // The collector restarts with neither PUE nor carbon configured, and the job's end arrives: its bucket is re-attributed.
        var restarted = AttributionStage.Import(stage.Export(), Inventory(), jobs, new Attributor(AttributionPolicy.Default, FacilityCarbonModel.None), stage.Options);
        var ended = Job("a", 8, 64, end: T0 + 5_000);
        jobs.Upsert(ended);
        var again = restarted.OnJobChanged(Job("a", 8, 64), ended).Records.Single();

        Assert.NotEqual(first.ItMillijoules, again.ItMillijoules);   // it was re-attributed (the job now ends mid-bucket)
        Assert.Equal(Math.Round(again.ItMillijoules * 1.3), again.FacilityMillijoules);
        Assert.Equal(again.FacilityMillijoules / 3.6e9 * 300, again.Co2eGrams, 9);
        Assert.False(again.Flags.HasFlag(AttributionFlags.PueDefault) || again.Flags.HasFlag(AttributionFlags.CarbonMissing), again.Flags.ToString());
        Assert.Equal(0, restarted.ReplaceStandIns().Buckets);
        Assert.Equal(0, restarted.StandInsReplaced);
    }

    [Fact]
    public void A_changed_PUE_applies_to_new_buckets_only()
    {
        var jobs = new JobTable();
        jobs.Upsert(Job("a", 8, 64));
        var stage = new AttributionStage(Inventory(), jobs, new Attributor(AttributionPolicy.Default, Pue13Carbon300));
        stage.OnNodeEnergy(Bucket(9_000_000));

        var changed = AttributionStage.Import(stage.Export(), Inventory(), jobs, new Attributor(AttributionPolicy.Default, Model(1.5, 100)), stage.Options);
        var rewritten = changed.Reattribute("gpu-a01", T0, T0 + W);
        var next = changed.OnNodeEnergy(Bucket(9_000_000, T0 + W)).Remainders.Single();

        Assert.Empty(rewritten.Remainders);   // re-attributed to the same figures: nothing to write
        var old = changed.Ledger.Find("gpu-a01", T0)!.Remainder;
        Assert.Equal((1.3, 300.0), (old.Pue, old.GramsPerKwh));
        Assert.Equal((1.5, 100.0), (next.Pue, next.GramsPerKwh));
    }

    [Fact]
    public void A_stand_in_takes_the_configured_value_once_there_is_one_and_is_counted()
    {
        var jobs = new JobTable();
        jobs.Upsert(Job("a", 8, 64));
        var stage = new AttributionStage(Inventory(), jobs, new Attributor(AttributionPolicy.Default, FacilityCarbonModel.None));
        var before = stage.OnNodeEnergy(Bucket(9_000_000)).Remainders.Single();
        Assert.True(before.Flags.HasFlag(AttributionFlags.PueDefault) && before.Flags.HasFlag(AttributionFlags.CarbonMissing));

        var configured = AttributionStage.Import(stage.Export(), Inventory(), jobs, new Attributor(AttributionPolicy.Default, Pue13Carbon300), stage.Options);
        var (update, buckets) = configured.ReplaceStandIns();

        Assert.Equal(1, buckets);
        var after = update.Remainders.Single();
        Assert.Equal((1.3, 300.0), (after.Pue, after.GramsPerKwh));
        Assert.False(after.Flags.HasFlag(AttributionFlags.PueDefault) || after.Flags.HasFlag(AttributionFlags.CarbonMissing), after.Flags.ToString());
        Assert.Equal(Math.Round(update.Records.Single().ItMillijoules * 1.3), update.Records.Single().FacilityMillijoules);
        Assert.Equal(1, configured.StandInsReplaced);
        Assert.Equal(0, configured.ReplaceStandIns().Buckets);
    }

    private static FacilityCarbonModel Model(double pue, double grams) =>
        new(new PueTable(fallback: pue), new CarbonIntensityTable(fallback: new ConstantIntensity(grams)));
}
