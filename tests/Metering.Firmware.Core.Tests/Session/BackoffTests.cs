using Metering.Firmware.Core.Session;

namespace Metering.Firmware.Core.Tests.Session;

public sealed class BackoffTests
{
    [Fact]
    public void Delays_double_up_to_the_cap_with_jitter_in_the_upper_half()
    {
        var b = new Backoff(baseMilliseconds: 1000, capMilliseconds: 60_000, seed: 42);
        long[] nominal = [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000];

        foreach (var d in nominal)
        {
            var delay = b.NextDelayMicroseconds() / 1000;
            Assert.InRange(delay, d / 2, d);
        }

        b.Reset();
        Assert.InRange(b.NextDelayMicroseconds() / 1000, 500, 1000);
    }

    [Fact]
    public void Devices_with_different_seeds_do_not_reconnect_in_step()
    {
        var delays = Enumerable.Range(0, 20).Select(seed =>
        {
            var b = new Backoff(1000, 60_000, seed);
            b.NextDelayMicroseconds();
            b.NextDelayMicroseconds();
            return b.NextDelayMicroseconds();
        }).ToList();

        Assert.True(delays.Distinct().Count() > 15);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(100, 50)]
    public void Bad_settings_are_refused_naming_the_parameter(int baseMs, int capMs)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Backoff(baseMs, capMs, 1));
        Assert.Contains(baseMs < 1 ? "baseMilliseconds" : "capMilliseconds", e.ParamName);
    }
}
