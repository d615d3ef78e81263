using Metering.Collector.Points;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Metering.Collector.Host;

/// <summary>
/// The collector's console log: one line per entry, as the simple console formatter writes it in single-line mode
/// (<c>2026-12-07T23:17:20.123Z info: Category[0] message</c>, the exception on the same line; the time in ISO 8601
/// UTC, so a journal or a log shipper reads it without knowing the host's zone), except that the message and the
/// exception are passed through <see cref="PrintableText"/>. Log messages quote what came from outside (MQTT
/// usernames and client ids, topics, job labels, refusal details): the simple formatter only replaces "\n", so a CR,
/// an ESC sequence or a bidi override from a device or a job label reached the operator's terminal or journal and
/// could forge or hide a line. Here each is written as an escape (<c>\r</c>, <c>\u001B</c>).
/// </summary>
public sealed class PrintableConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    /// <summary>The formatter's name (<c>ConsoleLoggerOptions.FormatterName</c>).</summary>
    public const string FormatterName = "metering";

    /// <summary>How each line's time is written: ISO 8601 UTC with milliseconds and a trailing space.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";

    /// <summary>Clock for the timestamps; the system's unless a test sets another.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <inheritdoc />
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(Time.GetUtcNow().UtcDateTime.ToString(TimestampFormat, System.Globalization.CultureInfo.InvariantCulture));
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(PrintableText.Escape(logEntry.Category));
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        textWriter.Write(PrintableText.Escape(message));
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(' ');
            textWriter.Write(PrintableText.Escape(exception.ToString()));
        }

        textWriter.Write('\n');
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}

/// <summary>Registers <see cref="PrintableConsoleFormatter"/> as the console log's formatter.</summary>
public static class PrintableConsoleLogging
{
    /// <summary>
    /// Logs to the console, one escaped line per entry (<see cref="PrintableConsoleFormatter"/>), unless
    /// <paramref name="formatterName"/> names another (<c>json</c>: one JSON object per line for log shippers, its
    /// timestamps ISO 8601 UTC; JSON escapes control characters itself).
    /// </summary>
    public static ILoggingBuilder AddPrintableConsole(this ILoggingBuilder logging, string? formatterName = null)
    {
        logging.AddConsole(o => o.FormatterName = string.IsNullOrWhiteSpace(formatterName) ? PrintableConsoleFormatter.FormatterName : formatterName)
            .AddConsoleFormatter<PrintableConsoleFormatter, ConsoleFormatterOptions>();
        logging.Services.PostConfigure<JsonConsoleFormatterOptions>(o =>
        {
            o.UseUtcTimestamp = true;
            o.TimestampFormat ??= "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
        });
        return logging;
    }

    /// <summary>
    /// The logging of <c>metering serve</c>: the console as above; ASP.NET Core's per-request lines (4 to 6 a request,
    /// a Prometheus scrape every 15 s makes tens of thousands a day) off unless
    /// <c>Logging:LogLevel:Microsoft.AspNetCore</c> turns them on; and the <c>Logging</c> section of the collector's
    /// own configuration (appsettings.json, METERING__Logging__..., --Logging:...) applied, levels and console options.
    /// </summary>
    public static ILoggingBuilder AddCollectorLogging(this ILoggingBuilder logging, Microsoft.Extensions.Configuration.IConfiguration? configuration)
    {
        logging.ClearProviders().AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (configuration is not null)
        {
            logging.AddConfiguration(configuration);
        }

        return logging.AddPrintableConsole(configuration?["Console:FormatterName"]);
    }
}
