using Metering.Collector.Host;
using Metering.Collector.Points;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Tests.Host;

/// <summary>
/// The collector's console log (`metering serve`, the demo): one line per entry whatever the message quotes, control
/// characters escaped, so a device id, MQTT username or job label cannot forge a log line or drive the terminal.
/// </summary>
public sealed class PrintableConsoleFormatterTests
{
    [Theory]
    [InlineData("login refused for user {0}", "x\n12:00:00 info: Forged[0] all good", "login refused for user x\\n12:00:00 info: Forged[0] all good")]
    [InlineData("device {0} refused", "a\rb", "device a\\rb refused")]
    [InlineData("topic {0}", "\u001b]0;pwned\u0007\u001b[2J", "topic \\u001B]0;pwned\\u0007\\u001B[2J")]
    [InlineData("label {0}", "abc\u202Edef", "label abc\\u202Edef")]
    public void A_message_quoting_outside_text_is_one_line_with_its_control_characters_escaped(string template, string outside, string expected)
    {
        var line = Format(LogLevel.Warning, string.Format(System.Globalization.CultureInfo.InvariantCulture, template, outside));

        Assert.Equal($"2025-03-01T12:34:56.000Z warn: Metering.Test[7] {expected}\n", line);
        Assert.DoesNotContain(line[..^1], PrintableText.IsUnsafe);
    }

    [Fact]
    public void An_exception_stays_on_the_entry_s_line()
    {
        var line = Format(LogLevel.Error, "failed", new InvalidOperationException("bad\nthing"));

        Assert.StartsWith("2025-03-01T12:34:56.000Z fail: Metering.Test[7] failed System.InvalidOperationException: bad\\nthing", line, StringComparison.Ordinal);
        Assert.Single(line.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Format(LogLevel level, string message, Exception? exception = null)
    {
        var formatter = new PrintableConsoleFormatter { Time = new FixedClock(new DateTimeOffset(2025, 3, 1, 12, 34, 56, TimeSpan.Zero)) };
        using var writer = new StringWriter();
        formatter.Write(new LogEntry<string>(level, "Metering.Test", new EventId(7), message, exception, (s, _) => s), null, writer);
        return writer.ToString();
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

        public override DateTimeOffset GetUtcNow() => now;
    }
}
