using Metering.Collector.Points;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Metering.Collector.Host;

/// <summary>
/// The collector's console log: one line per entry, as the simple console formatter writes it in single-line mode
/// (<c>HH:mm:ss info: Category[0] message</c>, the exception on the same line), except that the message and the
/// exception are passed through <see cref="PrintableText"/>. Log messages quote what came from outside (MQTT
/// usernames and client ids, topics, job labels, refusal details): the simple formatter only replaces "\n", so a CR,
/// an ESC sequence or a bidi override from a device or a job label reached the operator's terminal or journal and
/// could forge or hide a line. Here each is written as an escape (<c>\r</c>, <c>\u001B</c>).
/// </summary>
public sealed class PrintableConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    /// <summary>The formatter's name (<c>ConsoleLoggerOptions.FormatterName</c>).</summary>
    public const string FormatterName = "metering";

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

        textWriter.Write(Time.GetLocalNow().ToString("HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture));
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
    /// <summary>Logs to the console, one escaped line per entry (<see cref="PrintableConsoleFormatter"/>).</summary>
    public static ILoggingBuilder AddPrintableConsole(this ILoggingBuilder logging) =>
        logging.AddConsole(o => o.FormatterName = PrintableConsoleFormatter.FormatterName)
            .AddConsoleFormatter<PrintableConsoleFormatter, ConsoleFormatterOptions>();
}
