namespace Metering.Collector.Carbon;

/// <summary>
/// PUE and carbon intensity together: what turns a node's IT energy in a bucket into facility energy and CO2e.
/// CO2e is computed from <b>facility</b> energy (IT x PUE): the grid supplies the cooling and losses too.
/// </summary>
/// <param name="Pue">PUE per zone and site.</param>
/// <param name="Carbon">Carbon intensity per zone and site.</param>
public sealed record FacilityCarbonModel(PueTable Pue, CarbonIntensityTable Carbon)
{
    /// <summary>Nothing configured: PUE 1.0 and no carbon, both flagged.</summary>
    public static FacilityCarbonModel None { get; } = new(PueTable.None, CarbonIntensityTable.None);

    /// <summary>The factors for a node in <paramref name="pueZone"/> at <paramref name="siteId"/> over [from, to).</summary>
    public FacilityFactors For(string? pueZone, string siteId, long fromMs, long toMs) =>
        new(Pue.For(pueZone, siteId), Carbon.For(pueZone, siteId, fromMs, toMs));
}

/// <summary>The PUE and the mean carbon intensity that apply to one node bucket.</summary>
/// <param name="Pue">The PUE and its source.</param>
/// <param name="Carbon">The intensity and its source.</param>
public readonly record struct FacilityFactors(PueLookup Pue, CarbonLookup Carbon)
{
    /// <summary>Millijoules in a kilowatt-hour.</summary>
    public const double MillijoulesPerKwh = 3.6e9;

    /// <summary>Facility energy of <paramref name="itMillijoules"/> of IT energy, mJ, rounded half away from zero.</summary>
    public long FacilityMillijoules(long itMillijoules) => (long)Math.Round(itMillijoules * Pue.Pue, MidpointRounding.AwayFromZero);

    /// <summary>CO2e of <paramref name="facilityMillijoules"/> of facility energy, grams.</summary>
    public double Co2eGrams(long facilityMillijoules) => facilityMillijoules / MillijoulesPerKwh * Carbon.GramsPerKwh;
}
