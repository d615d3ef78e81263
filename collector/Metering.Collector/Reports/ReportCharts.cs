using ScottPlot;

namespace Metering.Collector.Reports;

/// <summary>
/// The HTML report's charts, drawn with ScottPlot as PNG: a node's measured power over time with the jobs' shares
/// filled beneath it (as steps: every bucket holds its mean), and a bar per job for project, model and user reports.
/// Times are UTC.
/// </summary>
public static class ReportCharts
{
    /// <summary>Chart width, px.</summary>
    public const int Width = 960;

    /// <summary>Height of one node panel, px.</summary>
    public const int PanelHeight = 320;

    private static readonly Color[] Palette =
    [
        Color.FromHex("#4c72b0"), Color.FromHex("#dd8452"), Color.FromHex("#55a868"), Color.FromHex("#c44e52"),
        Color.FromHex("#8172b3"), Color.FromHex("#937860"), Color.FromHex("#da8bc3"), Color.FromHex("#8c8c8c"),
    ];

    /// <summary>
    /// One node's panel: measured power (a line) with the shares of <paramref name="jobIds"/> (default: every job in
    /// the series) stacked and filled beneath it, W over UTC time. The gap between the fill and the line is idle
    /// overhead and unallocated power.
    /// </summary>
    public static byte[] NodePower(NodeSeries series, IReadOnlyList<string>? jobIds = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        var xs = Steps(series.Buckets, b => [b.StartMs, b.EndMs], ms => DateTime.UnixEpoch.AddMilliseconds(ms).ToOADate());
        var below = new double[xs.Length];
        var jobs = jobIds ?? series.JobIds;
        for (var j = 0; j < jobs.Count; j++)
        {
            var id = jobs[j];
            var top = Steps(series.Buckets, b => [b.JobWatts(id), b.JobWatts(id)], w => w);
            for (var i = 0; i < top.Length; i++)
            {
                top[i] += below[i];
            }

            var fill = plot.Add.FillY(xs, top, below);
            fill.FillColor = Palette[j % Palette.Length].WithAlpha(0.6);
            fill.LineColor = Palette[j % Palette.Length];
            fill.LegendText = "job " + id;
            below = top;
        }

        var measured = plot.Add.ScatterLine(xs, Steps(series.Buckets, b => [b.Watts, b.Watts], w => w));
        measured.Color = Colors.Black;
        measured.LineWidth = 1.5f;
        measured.LegendText = "measured (node)";
        var time = plot.Axes.DateTimeTicksBottom();
        if (time.TickGenerator is ScottPlot.TickGenerators.DateTimeAutomatic ticks)
        {
            ticks.LabelFormatter = t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : t.Second != 0 ? "HH:mm:ss" : "HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        }

        plot.Axes.Margins(bottom: 0);
        plot.Title("node " + series.NodeId);
        plot.YLabel("W");
        plot.XLabel(series.Buckets.Count > 0 ? "UTC, from " + ReportUnits.Time(series.Buckets[0].StartMs) : "UTC");
        plot.ShowLegend(Alignment.UpperRight);
        return plot.GetImageBytes(Width, PanelHeight, ImageFormat.Png);
    }

    /// <summary>A bar per job: its IT energy, idle part and dynamic part stacked, in kWh (Wh when every job is below 1 kWh).</summary>
    public static byte[] JobBars(IReadOnlyList<ReportRow> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        var kwh = jobs.Any(j => j.ItMillijoules >= ReportUnits.MillijoulesPerKwh);
        var scale = kwh ? ReportUnits.MillijoulesPerKwh : ReportUnits.MillijoulesPerWh;
        var plot = new Plot();
        var bars = new List<Bar>();
        var positions = new double[jobs.Count];
        for (var i = 0; i < jobs.Count; i++)
        {
            positions[i] = i;
            double idle = jobs[i].IdleMillijoules / scale, it = jobs[i].ItMillijoules / scale;
            bars.Add(new Bar { Position = i, ValueBase = 0, Value = idle, FillColor = Palette[7] });
            bars.Add(new Bar { Position = i, ValueBase = idle, Value = it, FillColor = Palette[0] });
        }

        plot.Add.Bars(bars);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "dynamic", FillColor = Palette[0] });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "idle", FillColor = Palette[7] });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.SetTicks(positions, [.. jobs.Select(j => j.Label)]);
        plot.Axes.Margins(bottom: 0);
        plot.YLabel(kwh ? "IT energy, kWh" : "IT energy, Wh");
        plot.Title("IT energy per job");
        return plot.GetImageBytes(Width, 400, ImageFormat.Png);
    }

    /// <summary>Two points per bucket (its start and end at the same value), so lines and fills draw steps.</summary>
    private static double[] Steps(IReadOnlyList<SeriesBucket> buckets, Func<SeriesBucket, double[]> pair, Func<double, double> map)
    {
        var values = new double[buckets.Count * 2];
        for (var i = 0; i < buckets.Count; i++)
        {
            var p = pair(buckets[i]);
            values[2 * i] = map(p[0]);
            values[(2 * i) + 1] = map(p[1]);
        }

        return values;
    }
}
