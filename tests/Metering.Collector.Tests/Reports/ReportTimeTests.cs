using Metering.Collector.Reports;

namespace Metering.Collector.Tests.Reports;

/// <summary>--from and --to: ISO 8601 (UTC unless an offset is given), now, a time before now, Unix milliseconds.</summary>
public sealed class ReportTimeTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(ReportFixture.T0);

    public static TheoryData<string, long> Valid => new()
    {
        { "2025-02-19", ReportFixture.T0 - ((21 * 60) + 20) * 60_000L },
        { "2025-02-19T21:20:00Z", ReportFixture.T0 },
        { "2025-02-19T21:20Z", ReportFixture.T0 },
        { "2025-02-19T21:20:00", ReportFixture.T0 },
        { "2025-02-19T22:20:00+01:00", ReportFixture.T0 },
        { "now", ReportFixture.T0 },
        { "-90s", ReportFixture.T0 - 90_000 },
        { "-30m", ReportFixture.T0 - 1_800_000 },
        { "-24h", ReportFixture.T0 - 86_400_000 },
        { "-7d", ReportFixture.T0 - (7 * 86_400_000L) },
        { "1740000000000", ReportFixture.T0 },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void Each_form_reads_as_the_same_instant(string text, long expected)
    {
        Assert.True(ReportTime.TryParse(text, Now, out var ms, out var error), error);
        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("-7w")]
    [InlineData("7d")]
    [InlineData("19/02/2025")]
    [InlineData("")]
    public void Anything_else_is_refused_with_the_forms_it_accepts(string text)
    {
        Assert.False(ReportTime.TryParse(text, Now, out _, out var error));
        Assert.Contains($"\"{text}\" is not a time", error, StringComparison.Ordinal);
        Assert.Contains(ReportTime.Forms, error, StringComparison.Ordinal);
    }
}
