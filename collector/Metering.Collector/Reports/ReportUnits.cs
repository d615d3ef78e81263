using System.Globalization;

namespace Metering.Collector.Reports;

/// <summary>
/// How figures read in tables and HTML: energy in Wh below 1 kWh, else kWh; CO2e in g below 1 kg, else kg; both
/// decided after rounding, so 999.5 Wh reads 1.00 kWh, never 1000 Wh. Below the switch three significant digits
/// (999 Wh, 12.3 Wh, 0.412 Wh), above it two decimals. Invariant culture throughout.
/// </summary>
public static class ReportUnits
{
    /// <summary>Millijoules in a kilowatt-hour.</summary>
    public const double MillijoulesPerKwh = 3.6e9;

    /// <summary>Millijoules in a watt-hour.</summary>
    public const double MillijoulesPerWh = 3.6e6;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>An energy: "999 Wh", "1.00 kWh", "0 Wh".</summary>
    public static string Energy(long millijoules) => Scaled(millijoules / MillijoulesPerWh, "Wh", "kWh");

    /// <summary>A mass of CO2e: "999 g", "1.00 kg", "0 g"; "n/a" when unknown (null).</summary>
    public static string Co2e(double? grams) => grams is { } g ? Scaled(g, "g", "kg") : "n/a";

    /// <summary>
    /// An energy in the unit its column uses (<see cref="ColumnUnits"/>): three significant digits of Wh, or of kWh
    /// when <paramref name="kilo"/>, so a column never mixes "999 Wh" and "1.20 kWh".
    /// </summary>
    public static string Energy(long millijoules, bool kilo) => kilo
        ? Significant(millijoules / MillijoulesPerWh / 1000) + " kWh"
        : Significant(millijoules / MillijoulesPerWh) + " Wh";

    /// <summary>A mass of CO2e in its column's unit: g, or kg when <paramref name="kilo"/>; "n/a" when unknown.</summary>
    public static string Co2e(double? grams, bool kilo) => grams is not { } g ? "n/a" : kilo ? Significant(g / 1000) + " kg" : Significant(g) + " g";

    /// <summary>True when a column whose largest value is <paramref name="largest"/> (Wh or g) reads in the kilo unit, as <see cref="Energy(long)"/> would switch.</summary>
    public static bool Kilo(double largest) => Math.Abs(double.Parse(Significant(largest), Invariant)) >= 1000;

    /// <summary>Power with three significant digits (no decimals from 100 W up): "3012", "41.7", "0.500"; "-" for null.</summary>
    public static string Watts(double? watts) => watts is { } w && double.IsFinite(w) ? Significant(w) : "-";

    /// <summary>A share 0..1 as a percentage with one decimal, rounded: "12.5".</summary>
    public static string Percent(double share) => (Math.Round(share * 1000, MidpointRounding.AwayFromZero) / 10).ToString("F1", Invariant);

    /// <summary>
    /// Meter coverage 0..1 as a percentage with one decimal, rounded <b>down</b>: "99.9" for 0.99996, so "100.0" means
    /// every millisecond was metered.
    /// </summary>
    public static string CoveragePercent(double share) => (Math.Floor((share * 1000) + 1e-9) / 10).ToString("F1", Invariant);

    /// <summary>An elapsed time as sacct prints it: [D-]HH:MM:SS.</summary>
    public static string Elapsed(long ms)
    {
        var t = TimeSpan.FromMilliseconds(Math.Max(0, ms));
        var hms = string.Create(Invariant, $"{t.Hours:00}:{t.Minutes:00}:{t.Seconds:00}");
        return t.Days > 0 ? string.Create(Invariant, $"{t.Days}-{hms}") : hms;
    }

    /// <summary>A time in UTC, to the second: 2025-02-19T21:20:00Z; the open ends of a range read "start" and "end".</summary>
    public static string Time(long ms) =>
        ms <= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() ? "start"
        : ms >= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds() ? "end"
        : DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant);

    private static string Scaled(double small, string smallUnit, string bigUnit)
    {
        var text = Significant(small);
        if (Math.Abs(double.Parse(text, Invariant)) < 1000)
        {
            return text + " " + smallUnit;
        }

        return (small / 1000).ToString("F2", Invariant) + " " + bigUnit;
    }

    /// <summary>Three significant digits, no exponent, never fewer than 0 decimals.</summary>
    private static string Significant(double v)
    {
        if (v == 0 || !double.IsFinite(v))
        {
            return v == 0 ? "0" : v.ToString(Invariant);
        }

        var decimals = Math.Max(0, 2 - (int)Math.Floor(Math.Log10(Math.Abs(v))));
        var rounded = Math.Round(v, Math.Min(decimals, 15), MidpointRounding.AwayFromZero);

        // Rounding may carry into the next decade (9.996 -> 10.00): one decimal fewer then.
        if (decimals > 0 && Math.Abs(rounded) >= Math.Pow(10, 3 - decimals))
        {
            decimals--;
        }

        return rounded.ToString("F" + Math.Min(decimals, 15).ToString(Invariant), Invariant);
    }
}

/// <summary>
/// The unit of each energy and CO2e column of a table (Wh or kWh, g or kg), chosen by the column's largest value, so
/// a column reads in one unit and its figures compare at a glance.
/// </summary>
/// <param name="ItKilo">IT energy in kWh.</param>
/// <param name="FacilityKilo">Facility energy in kWh.</param>
/// <param name="Co2eKilo">CO2e in kg.</param>
public sealed record ColumnUnits(bool ItKilo, bool FacilityKilo, bool Co2eKilo)
{
    /// <summary>The units for <paramref name="rows"/>.</summary>
    public static ColumnUnits Of(IEnumerable<ReportRow> rows)
    {
        var list = rows.ToList();
        double Max(Func<ReportRow, double> value) => list.Count == 0 ? 0 : list.Max(value);
        return new(ReportUnits.Kilo(Max(r => r.ItMillijoules / ReportUnits.MillijoulesPerWh)), ReportUnits.Kilo(Max(r => r.FacilityMillijoules / ReportUnits.MillijoulesPerWh)),
            ReportUnits.Kilo(Max(r => r.KnownCo2eGrams ?? 0)));
    }
}
