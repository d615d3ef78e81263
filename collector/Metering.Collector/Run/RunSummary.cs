using System.Globalization;

namespace Metering.Collector.Run;

/// <summary>A job's stored summary as the jobs API returns it (the <c>job_summary</c> fields <c>metering run</c> prints).</summary>
/// <param name="DurationMs">The job's run time the summary covers, ms.</param>
/// <param name="ItMillijoules">Measured IT energy attributed to it, mJ.</param>
/// <param name="FacilityMillijoules">Facility energy (IT x PUE), mJ.</param>
/// <param name="Co2eGrams">CO2e, g; null when unknown (flag <c>carbon_missing</c>: no carbon intensity configured for part or all of its time).</param>
/// <param name="MeanWatts">Mean power over its attributed time, W.</param>
/// <param name="Method">allocation, estimate, mixed or none.</param>
/// <param name="Coverage">Meter coverage of its run, 0..1.</param>
public sealed record RunSummary(long DurationMs, long ItMillijoules, long FacilityMillijoules, double? Co2eGrams, double MeanWatts, string Method, double Coverage)
{
    /// <summary>
    /// The line printed to stderr:
    /// <c>metering: job run:gpu-a01-4242-1764403200000 on gpu-a01: 12.35 Wh IT (17.29 Wh facility), 6.05 g CO2e, mean 8890 W over 5.0 s, method estimate, coverage 100.0 %</c>.
    /// </summary>
    public string Describe(string jobId, string nodeId) => string.Create(CultureInfo.InvariantCulture,
        $"metering: job {jobId} on {nodeId}: {Energy(ItMillijoules)} IT ({Energy(FacilityMillijoules)} facility), {Carbon(Co2eGrams)} CO2e, mean {MeanWatts:F0} W over {DurationMs / 1000.0:F1} s, method {Method}, coverage {Coverage * 100:F1} %");

    /// <summary>Wh below 1 kWh (two decimals), else kWh (three).</summary>
    public static string Energy(long millijoules) => millijoules < 3_600_000_000
        ? string.Create(CultureInfo.InvariantCulture, $"{millijoules / 3.6e6:F2} Wh")
        : string.Create(CultureInfo.InvariantCulture, $"{millijoules / 3.6e9:F3} kWh");

    /// <summary>g below 1 kg (two decimals), else kg (three); "n/a" when unknown.</summary>
    public static string Carbon(double? grams) => grams switch
    {
        null => "n/a",
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{grams:F2} g"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{grams / 1000:F3} kg"),
    };
}
