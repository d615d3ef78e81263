using System.Globalization;
using System.Text;
using Metering.Collector.Files;

namespace Metering.Collector.Demo;

/// <summary>
/// The demo site's facility: PUE 1.3 in its zone, and a carbon-intensity series for the zone written as
/// `metering carbon import` would store it (<c>DATA_DIR/carbon/demo-hall.csv</c>), so CO2e follows the grid.
/// </summary>
internal static class DemoFacility
{
    /// <summary>The zone's PUE.</summary>
    public const double Pue = 1.3;

    /// <summary>A row every this many minutes.</summary>
    private const int StepMinutes = 5;

    /// <summary>
    /// The settings of the demo's facility, as configuration keys: PUE of the demo zone and no fallbacks (a node
    /// outside it would be flagged, not guessed).
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Settings() => new Dictionary<string, string?>
    {
        [$"Facility:Zones:{DemoSite.PueZone}:Pue"] = Pue.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The intensity over [<paramref name="fromUtc"/>, <paramref name="toUtc"/>], one row every 5 minutes: 260 g/kWh
    /// with a +/-90 g/kWh swing over two hours (a grid whose solar and wind share comes and goes), a function of the
    /// time alone so every run shows the same grid at the same time.
    /// </summary>
    public static string CarbonCsv(DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        var text = new StringBuilder("# demo-hall: a synthetic grid for `metering demo`\ntimestamp,g_co2e_per_kwh\n");
        var step = TimeSpan.FromMinutes(StepMinutes);
        for (var t = new DateTimeOffset(fromUtc.Ticks - (fromUtc.Ticks % step.Ticks), TimeSpan.Zero); t <= toUtc; t += step)
        {
            var grams = 260 + (90 * Math.Sin(2 * Math.PI * t.ToUnixTimeSeconds() / 7200.0));
            text.Append(CultureInfo.InvariantCulture, $"{t.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ},{grams:F1}\n");
        }

        return text.ToString();
    }

    /// <summary>Writes the series into the data directory's carbon folder, where the collector loads it at start.</summary>
    public static void WriteCarbon(string dataDirectory, DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        var files = CarbonSeriesFiles.In(dataDirectory);
        Directory.CreateDirectory(files.Directory);
        AtomicFile.Write(files.PathOf(DemoSite.PueZone), CarbonCsv(fromUtc, toUtc), files.Mode);
    }
}
