using Metering.Protocol;

namespace Metering.Collector.Benchmarks;

/// <summary>
/// One device's telemetry in order, as the collector receives it: the contract's golden example (two PZEM-004T
/// feeds and an INA219 rail) advanced window by window, counters growing, encoded by the real codec.
/// </summary>
internal static class TelemetryStream
{
    public const string Topic = "metering/v1/rack12-node07-a/telemetry";

    public static byte[] Golden { get; } = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "telemetry.json"));

    /// <summary><paramref name="count"/> consecutive messages (sequence, window and counters advance).</summary>
    public static byte[][] Create(int count)
    {
        var template = TelemetryCodec.Decode(Golden, out var error) ?? throw new InvalidOperationException($"golden example refused: {error}");
        var messages = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var m = TelemetryCodec.Decode(Golden, out _)!;
            m.Sequence = template.Sequence + i;
            m.WindowStartMs = template.WindowStartMs + (i * 10_000L);
            m.WindowEndMs = m.WindowStartMs + 10_000;
            foreach (var c in m.Channels)
            {
                c.EnergyMillijoules += i * (long)c.PowerMeanMilliwatts * 10;
            }

            messages[i] = TelemetryCodec.Encode(m);
        }

        return messages;
    }
}
