using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Metering.Collector.Reports;
using SkiaSharp;

namespace Metering.Collector.Tests.Reports;

/// <summary>The html format: one self-contained file whose charts decode and whose figures are the stored ones.</summary>
public sealed partial class HtmlReportTests(StoredSite site) : IClassFixture<StoredSite>, IDisposable
{
    private readonly Storage.TempFolder _out = new();

    private ReportFixture F => site.Fixture;

    public void Dispose() => _out.Dispose();

    [Fact]
    public async Task A_job_page_has_its_metadata_its_figures_and_a_power_chart_per_node()
    {
        var html = await WriteAsync("job", "slurm:4711");
        var s = F.Summaries["slurm:4711"];

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        foreach (var text in new[] { "slurm:4711", "pretrain", "alice", "climate-llm", "llama-3-8b", "training", "gpu-a01, gpu-a02", ReportUnits.Time(s.StartMs), ReportUnits.Time(s.EndMs!.Value) })
        {
            Assert.Contains("<td>" + System.Net.WebUtility.HtmlEncode(text) + "</td>", html, StringComparison.Ordinal);
        }

        var figures = Figures(html);
        Assert.Equal(s.ItMillijoules.ToString(CultureInfo.InvariantCulture), figures["it_mj"].Raw);
        Assert.Equal(ReportUnits.Energy(s.ItMillijoules), figures["it_mj"].Text);
        Assert.Equal(s.FacilityMillijoules.ToString(CultureInfo.InvariantCulture), figures["facility_mj"].Raw);
        Assert.Equal(ReportUnits.Energy(s.FacilityMillijoules), figures["facility_mj"].Text);
        Assert.Equal(s.Co2eGrams, double.Parse(figures["co2e_g"].Raw, CultureInfo.InvariantCulture));
        Assert.Equal(ReportUnits.Co2e(s.Co2eGrams), figures["co2e_g"].Text);
        Assert.Equal(s.PeakWatts, double.Parse(figures["peak_w"].Raw, CultureInfo.InvariantCulture));
        Assert.All(figures.Values, f => Assert.Equal(("allocation", ReportUnits.CoveragePercent(s.MeterCoverage)), (f.Method, f.Coverage)));

        var images = Pngs(html);
        Assert.Equal(2, images.Count);
        Assert.All(images, png => AssertChart(png, ReportCharts.Width, ReportCharts.PanelHeight));
    }

    [Fact]
    public async Task A_project_page_has_a_bar_chart_and_the_rows_with_their_stored_figures()
    {
        var html = await WriteAsync("project", "climate-llm");
        var png = Assert.Single(Pngs(html));
        AssertChart(png, ReportCharts.Width, 400);

        var rows = RowData().Matches(html).ToDictionary(m => m.Groups["label"].Value, m => long.Parse(m.Groups["mj"].Value, CultureInfo.InvariantCulture));
        foreach (var id in new[] { "slurm:4711", "slurm:4712", "api:ghost" })
        {
            Assert.Equal(F.Summaries[id].ItMillijoules, rows[id]);
        }

        Assert.Equal(rows.Where(r => r.Key != "total").Sum(r => r.Value), rows["total"]);
        Assert.Equal(ReportUnits.Energy(rows["total"]), Figures(html)["it_mj"].Text);
    }

    [Fact]
    public async Task A_node_page_stacks_the_jobs_under_the_measured_power()
    {
        var html = await WriteAsync("node", "gpu-a02", "--from", ReportUnits.Time(ReportFixture.T0), "--to", ReportUnits.Time(ReportFixture.T0 + (20 * ReportFixture.Minute)));
        AssertChart(Assert.Single(Pngs(html)), ReportCharts.Width, ReportCharts.PanelHeight);
        Assert.Contains("data-label=\"unallocated\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_is_well_formed_markup()
    {
        var html = await WriteAsync("job", "run:eval-7");

        // XHTML-compatible apart from the doctype and void elements: close them and parse it as XML.
        var xml = VoidElement().Replace(html.Replace("<!DOCTYPE html>", string.Empty, StringComparison.Ordinal), "<$1$2/>");
        var root = XDocument.Parse(xml).Root!;
        Assert.Equal("html", root.Name.LocalName);
        Assert.Contains(root.Descendants("td"), td => td.Value == "eval \"quick\"");
    }

    private async Task<string> WriteAsync(params string[] args)
    {
        var path = _out.File(Guid.NewGuid().ToString("N") + ".html");
        var printed = await ReportCli.OutputAsync(F, [.. args, "--format", "html", "--out", path]);
        Assert.Equal(path, printed.Trim());
        return await File.ReadAllTextAsync(path);
    }

    private static Dictionary<string, (string Raw, string Text, string Method, string Coverage)> Figures(string html) =>
        FigureRow().Matches(html).ToDictionary(m => m.Groups["field"].Value,
            m => (m.Groups["raw"].Value, System.Net.WebUtility.HtmlDecode(m.Groups["text"].Value), m.Groups["method"].Value, m.Groups["coverage"].Value));

    private static List<byte[]> Pngs(string html) =>
        [.. Regex.Matches(html, "<img alt=\"[^\"]*\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">").Select(m => Convert.FromBase64String(m.Groups[1].Value))];

    /// <summary>A PNG by signature, decoded by Skia to the size drawn, with more than one colour in it.</summary>
    private static void AssertChart(byte[] png, int width, int height)
    {
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.True(png.Length > 5_000, $"{png.Length} bytes is too small for a chart");
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        Assert.True(bitmap.Pixels.Distinct().Count() > 10, "the chart has (almost) one colour");
    }

    [GeneratedRegex("<td class=\"num\" data-field=\"(?<field>[a-z0-9_]+)\" data-value=\"(?<raw>[^\"]*)\">(?<text>[^<]*)</td><td>(?<method>[^<]*)</td><td class=\"num\">(?<coverage>[^<]*)</td>")]
    private static partial Regex FigureRow();

    [GeneratedRegex("<tr class=\"[a-z]+\" data-label=\"(?<label>[^\"]*)\" data-it-mj=\"(?<mj>-?[0-9]+)\"")]
    private static partial Regex RowData();

    [GeneratedRegex("<(meta|img)([^>]*)>")]
    private static partial Regex VoidElement();
}
