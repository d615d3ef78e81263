using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Metering.Firmware.Core.Calibration;

namespace Metering.Firmware.Core.Tests.Calibration;

/// <summary>hardware/calibration.md, section 5: least squares of the reference on the device reading, as gain_ppm and offset_mw.</summary>
public sealed class CalibrationFitTests
{
    [Fact]
    public void Points_on_a_line_give_its_slope_in_ppm_and_its_intercept_in_milliwatts()
    {
        // y = 1.0123 x + 2.5 W at 400 W, 1.2 kW and 2.5 kW.
        var fit = new CalibrationFit([407_420, 1_217_260, 2_533_250], [400_000, 1_200_000, 2_500_000]);

        Assert.Equal((1_012_300L, 2_500L), (fit.GainPpm, fit.OffsetMilliwatts));
        Assert.True(fit.WorstResidual < 1e-12);
        Assert.True(fit.FitsContract);
        Assert.True(fit.Plausible);
    }

    [Property(MaxTest = 300)]
    public Property Readings_taken_with_an_old_calibration_give_the_calibration_that_replaces_it()
    {
        var gen =
            from gainPpm in Gen.Choose(950_000, 1_050_000)
            from offsetMilliwatts in Gen.Choose(-20_000, 20_000)
            from oldGainPpm in Gen.Choose(950_000, 1_050_000)
            from oldOffsetMilliwatts in Gen.Choose(-20_000, 20_000)
            select (gainPpm, offsetMilliwatts, oldGainPpm, oldOffsetMilliwatts);
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            long[] raw = [380_000, 1_150_000, 1_900_000, 2_600_000];
            var device = raw.Select(r => (r * c.oldGainPpm / 1_000_000) + c.oldOffsetMilliwatts).ToArray();
            var reference = raw.Select(r => (r * c.gainPpm / 1_000_000) + c.offsetMilliwatts).ToArray();

            var fit = new CalibrationFit(reference, device, c.oldGainPpm, c.oldOffsetMilliwatts);

            // The readings themselves are whole milliwatts, so the recovered values carry that rounding.
            Assert.InRange(fit.GainPpm, c.gainPpm - 2, c.gainPpm + 2);
            Assert.InRange(fit.OffsetMilliwatts, c.offsetMilliwatts - 3, c.offsetMilliwatts + 3);
        });
    }

    [Theory]
    [InlineData(499, 1_499, -2)] // intercept -1.5 mW rounds away from zero
    [InlineData(502, 1_502, 2)] // intercept +1.5 mW
    public void Gain_and_offset_round_half_away_from_zero(long y1, long y2, long offsetMilliwatts)
    {
        var fit = new CalibrationFit([y1, y2], [1_001, 3_001]);

        Assert.Equal((500_000L, offsetMilliwatts), (fit.GainPpm, fit.OffsetMilliwatts));
    }

    [Fact]
    public void Points_off_the_line_report_their_worst_residual()
    {
        // The middle point sits 1 % above the line through the outer two.
        var fit = new CalibrationFit([1_000_000, 2_020_000, 3_000_000], [1_000_000, 2_000_000, 3_000_000]);

        Assert.InRange(fit.WorstResidual, 0.0055, 0.0070);
    }

    [Theory]
    [InlineData(2.5, 0, false, false)] // gain 2,500,000 ppm: outside the contract
    [InlineData(1.06, 0, true, false)] // inside the contract, beyond the plausible 5 %
    [InlineData(1.0, 25_000, true, false)] // 25 W offset: implausible
    [InlineData(1.0, 1_500_000, false, false)] // 1.5 kW offset: outside the contract too
    [InlineData(0.97, -15_000, true, true)]
    public void Contract_and_plausibility_bands(double slope, long offsetMilliwatts, bool fitsContract, bool plausible)
    {
        long[] device = [400_000, 2_500_000];
        var fit = new CalibrationFit(device.Select(x => (long)(slope * x) + offsetMilliwatts).ToArray(), device);

        Assert.Equal((fitsContract, plausible), (fit.FitsContract, fit.Plausible));
    }

    [Theory]
    [InlineData(new long[] { 400_000 }, new long[] { 401_000 }, "deviceMilliwatts")] // one point
    [InlineData(new long[] { 400_000, 900_000 }, new long[] { 401_000 }, "deviceMilliwatts")] // lengths differ
    [InlineData(new long[] { 400_000, 900_000 }, new long[] { 401_000, 401_000 }, "deviceMilliwatts")] // no spread
    [InlineData(new long[] { 0, 900_000 }, new long[] { 1_000, 901_000 }, "referenceMilliwatts")] // a 0 W reference
    public void Unusable_points_are_refused_naming_the_parameter(long[] reference, long[] device, string parameter)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => new CalibrationFit(reference, device));

        Assert.Equal(parameter, e.ParamName);
    }
}
