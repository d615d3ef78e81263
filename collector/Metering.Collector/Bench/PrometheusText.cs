using System.Globalization;

namespace Metering.Collector.Bench;

/// <summary>The series of a Prometheus text exposition: <c>name</c> or <c>name{labels}</c> to value (comments skipped).</summary>
internal sealed class PrometheusText
{
    private readonly Dictionary<string, double> _series;

    private PrometheusText(Dictionary<string, double> series) => _series = series;

    /// <summary>True when nothing was read (the endpoint did not answer).</summary>
    public bool IsEmpty => _series.Count == 0;

    /// <summary>Parses <paramref name="text"/>; lines that are not <c>series value</c> are skipped.</summary>
    public static PrometheusText Parse(string text)
    {
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var space = line.LastIndexOf(' ');
            if (line.Length == 0 || line[0] == '#' || space <= 0)
            {
                continue;
            }

            if (double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                series[line[..space]] = value;
            }
        }

        return new PrometheusText(series);
    }

    /// <summary>The value of one series (<c>name</c> or <c>name{label="value"}</c>), 0 when absent.</summary>
    public double Get(string series) => _series.GetValueOrDefault(series);

    /// <summary>The sum over every series of metric <paramref name="name"/>, whatever its labels; 0 when absent.</summary>
    public double Sum(string name) =>
        _series.Where(kv => kv.Key == name || (kv.Key.StartsWith(name, StringComparison.Ordinal) && kv.Key.Length > name.Length && kv.Key[name.Length] == '{'))
            .Sum(kv => kv.Value);

    /// <summary>True when metric <paramref name="name"/> is exported at all (a collector built before it lacks it).</summary>
    public bool Has(string name) => _series.Keys.Any(k => k == name || k.StartsWith(name + "{", StringComparison.Ordinal));
}
