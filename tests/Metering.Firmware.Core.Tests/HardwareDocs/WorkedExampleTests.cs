using System.Globalization;
using System.Text.RegularExpressions;
using Metering.Firmware.Core.Calibration;
using Metering.Firmware.Core.Drivers;
using Metering.Firmware.Core.Drivers.Ina219;
using Metering.Firmware.Core.Sampling;
using Metering.Firmware.Host;
using Metering.Firmware.Host.Loads;
using Metering.Firmware.Host.Virtual;

namespace Metering.Firmware.Core.Tests.HardwareDocs;

/// <summary>
/// Every worked example in hardware/ reproduces with the project's own code (hardware/README.md, "Examples the tests
/// check"): the least-squares fit (<see cref="CalibrationFit"/>), the firmware's calibration of a sample
/// (<see cref="ChannelSampler.Calibrate"/>) and the INA219 driver's calibration (<see cref="Ina219Calibration"/>).
/// </summary>
public sealed partial class WorkedExampleTests
{
    private static readonly string[] Known = ["ina219-calibration", "pzem-fit", "pzem-record", "pzem-refit"];

    private static WorkedExample Example(string name) => HardwareDocuments.WorkedExamples.Single(e => e.Name == name);

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static long Milliwatts(string watts) => (long)Math.Round(Number(watts) * 1000);

    /// <summary>The last integer after an '=' on the line that starts with <paramref name="key"/>.</summary>
    private static long Result(WorkedExample e, string key)
    {
        var line = e.Lines.Single(l => l.StartsWith(key + " ", StringComparison.Ordinal) && l.Contains('='));
        return long.Parse(Assignment().Matches(line)[^1].Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Reference and device watts from the example's pairs table (columns: point, reference y, device x, ...).</summary>
    private static (long[] Reference, long[] Device, string[][] Rows) Pairs(WorkedExample e)
    {
        var rows = e.Lines.Where(l => l.StartsWith('|')).Skip(2).Select(HardwareDocuments.Cells).ToArray();
        Assert.NotEmpty(rows);
        return (rows.Select(r => Milliwatts(r[1])).ToArray(), rows.Select(r => Milliwatts(r[2])).ToArray(), rows);
    }

    private static long Calibrated(long rawMilliwatts, long gainPpm, long offsetMilliwatts)
    {
        var config = new ChannelConfig { ChannelId = 0, Kind = SensorKind.Pzem004t, Address = 1, GainPpm = (int)gainPpm, OffsetMilliwatts = (int)offsetMilliwatts };
        var sampler = new ChannelSampler(config, new ProfileSensor(new ConstantLoad(0), new SimulatedClock()), new EpochAllocator(1));
        return sampler.Calibrate(rawMilliwatts);
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("+0.00;-0.00", CultureInfo.InvariantCulture);

    [Fact]
    public void The_documents_hold_exactly_the_worked_examples_the_tests_recompute()
    {
        var found = HardwareDocuments.WorkedExamples.Select(e => e.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(Known, found);
    }

    [Fact]
    public void Every_worked_example_marker_is_one_the_tests_can_read()
    {
        Assert.True(HardwareDocuments.MalformedMarkers.Count == 0,
            "markers that are neither '<!-- worked-example: name -->' nor '<!-- /worked-example -->': " + string.Join(", ", HardwareDocuments.MalformedMarkers));
    }

    [Fact]
    public void The_pzem_fit_gives_the_gain_offset_and_intermediate_values_the_guide_prints()
    {
        var e = Example("pzem-fit");
        var (reference, device, rows) = Pairs(e);

        var fit = new CalibrationFit(reference, device);

        Assert.Equal((Result(e, "gain_ppm"), Result(e, "offset_mw")), (fit.GainPpm, fit.OffsetMilliwatts));
        Assert.Equal(Number(Slope().Match(string.Join('\n', e.Lines)).Groups[1].Value), Math.Round(fit.Slope, 7));
        Assert.Equal(Number(Intercept().Match(string.Join('\n', e.Lines)).Groups[1].Value), Math.Round(fit.InterceptMilliwatts / 1000, 3));
        Assert.All(rows, r => Assert.Equal(r[3], Percent((Number(r[2]) - Number(r[1])) / Number(r[1])) + " %"));
    }

    [Fact]
    public void The_powers_the_guide_says_the_firmware_reports_after_the_fit_are_what_the_sampler_computes()
    {
        var e = Example("pzem-fit");
        var (reference, device, _) = Pairs(e);
        var gain = Result(e, "gain_ppm");
        var offset = Result(e, "offset_mw");
        var printed = Reported().Matches(string.Join(' ', e.Lines)).Select(m => (Watts: m.Groups[1].Value, Error: m.Groups[2].Value)).ToArray();

        var computed = device.Select((x, i) =>
        {
            var p = Calibrated(x, gain, offset);
            return ((p / 1000.0).ToString("0.00", CultureInfo.InvariantCulture), Percent((p - reference[i]) / (double)reference[i]));
        });

        Assert.Equal(computed, printed);
    }

    [Fact]
    public void The_refit_over_an_old_calibration_gives_the_values_the_guide_prints()
    {
        var e = Example("pzem-refit");
        var (reference, device, _) = Pairs(e);
        var applied = Applied().Match(string.Join('\n', e.Lines));
        Assert.True(applied.Success, "pzem-refit has no 'applied: gain_ppm N, offset_mw N' line");

        var fit = new CalibrationFit(reference, device, int.Parse(applied.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(applied.Groups[2].Value, CultureInfo.InvariantCulture));

        Assert.Equal((Result(e, "gain_ppm"), Result(e, "offset_mw")), (fit.GainPpm, fit.OffsetMilliwatts));
        Assert.Equal(Number(Slope().Match(string.Join('\n', e.Lines)).Groups[1].Value), Math.Round(fit.Slope, 7));
        Assert.Equal(Number(Intercept().Match(string.Join('\n', e.Lines)).Groups[1].Value), Math.Round(fit.InterceptMilliwatts / 1000, 3));
    }

    [Fact]
    public void The_calibration_record_carries_points_whose_fit_is_the_one_it_records()
    {
        var e = Example("pzem-record");
        var points = e.Lines.Single(l => l.StartsWith("points (ref W, device W):", StringComparison.Ordinal))
            .Split(':', 2)[1].Split(',').Select(p => p.Trim().Split('/')).ToArray();
        var recorded = Recorded().Match(string.Join('\n', e.Lines));
        Assert.True(recorded.Success, "pzem-record has no 'fit: gain_ppm N, offset_mw N' line");

        var fit = new CalibrationFit(points.Select(p => Milliwatts(p[0])).ToArray(), points.Select(p => Milliwatts(p[1])).ToArray());

        Assert.Equal((long.Parse(recorded.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(recorded.Groups[2].Value, CultureInfo.InvariantCulture)),
            (fit.GainPpm, fit.OffsetMilliwatts));
    }

    [Fact]
    public void The_ina219_settings_table_is_what_the_driver_computes_and_refuses()
    {
        var rows = Example("ina219-calibration").Lines.Where(l => l.StartsWith('|')).Skip(2).Select(HardwareDocuments.Cells).ToArray();
        Assert.NotEmpty(rows);

        Assert.All(rows, r =>
        {
            var shunt = int.Parse(r[1], CultureInfo.InvariantCulture);
            var maxMilliamps = int.Parse(r[2], CultureInfo.InvariantCulture);
            var lsbNanoamps = (long)Math.Round(Number(r[3].Replace(" mA", "", StringComparison.Ordinal)) * 1_000_000);
            if (r[0].Contains("refused", StringComparison.Ordinal))
            {
                var minimum = ((maxMilliamps * 1_000_000L) + 32_767) / 32_768;
                Assert.Equal(lsbNanoamps, Ina219Calibration.RoundUpToOneTwoFive(minimum));
                var refused = Assert.Throws<ArgumentOutOfRangeException>(() => new Ina219Calibration(shunt, maxMilliamps));
                Assert.Contains($"calibration {r[4]} exceeds 65534", refused.Message, StringComparison.Ordinal);
                return;
            }

            var c = new Ina219Calibration(shunt, maxMilliamps);
            Assert.Equal((lsbNanoamps, r[4], r[5]),
                (c.CurrentLsbNanoamps, c.CalibrationValue.ToString(CultureInfo.InvariantCulture), $"{Ina219Calibration.FullScaleMicrovolts(c.Gain) / 1000} mV"));
        });
    }

    [Fact]
    public void The_smallest_max_ma_the_guide_gives_for_a_1_milliohm_shunt_is_the_drivers()
    {
        var calibration = string.Join('\n', HardwareDocuments.Files["calibration.md"]);
        Assert.Contains("with a 1 mOhm shunt, `max_ma` must be at least 16385", calibration, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => new Ina219Calibration(1_000, 16_384));
        Assert.Equal(40960, new Ina219Calibration(1_000, 16_385).CalibrationValue);
    }

    [Fact]
    public void The_ina219_rate_table_follows_from_the_drivers_conversion_times()
    {
        var rows = HardwareDocuments.TableRows("calibration.md", "ina219-rate").Select(HardwareDocuments.Cells).ToArray();

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128], rows.Select(r => int.Parse(r[0].Split(' ')[0], CultureInfo.InvariantCulture)));
        Assert.All(rows, r =>
        {
            var average = int.Parse(r[0].Split(' ')[0], CultureInfo.InvariantCulture);
            var cycle = (FirmwareConfigCheck.CycleMicroseconds(average) / 1000.0).ToString("0.000", CultureInfo.InvariantCulture) + " ms";
            Assert.Equal((cycle, FirmwareConfigCheck.HighestRateHz(average).ToString(CultureInfo.InvariantCulture)), (r[1], r[2]));
        });
    }

    [GeneratedRegex(@"=\s*(-?\d+)(?![\d.])")]
    private static partial Regex Assignment();

    [GeneratedRegex(@"^a = (?:[^\n]*= )?(-?\d+\.\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Slope();

    [GeneratedRegex(@"^b = (?:[^\n]*= )?(-?\d+\.\d+) W\s*$", RegexOptions.Multiline)]
    private static partial Regex Intercept();

    [GeneratedRegex(@"(\d+\.\d\d) W \(([+-]\d+\.\d\d) %\)")]
    private static partial Regex Reported();

    [GeneratedRegex(@"applied:\s+gain_ppm (\d+), offset_mw (-?\d+)")]
    private static partial Regex Applied();

    [GeneratedRegex(@"fit: gain_ppm (\d+), offset_mw (-?\d+)")]
    private static partial Regex Recorded();
}
