using Metering.Collector.Host.Settings;
using Metering.Collector.Reports;
using Metering.Collector.Storage;
using Microsoft.Data.Sqlite;

namespace Metering.Collector.Cli;

/// <summary>What `metering report` was asked, as parsed (times and format still text: the runner checks them).</summary>
/// <param name="Kind">job, project, model, user or node.</param>
/// <param name="Key">The job id, label or node id.</param>
/// <param name="From">--from, or null.</param>
/// <param name="To">--to, or null.</param>
/// <param name="Format">--format.</param>
/// <param name="Out">--out, or null.</param>
/// <param name="Config">--config, or null.</param>
/// <param name="Data">--data, or null.</param>
/// <param name="WorkingDirectory">Where appsettings.json is looked for and a default html file is written.</param>
/// <param name="Now">The time relative --from/--to and the node report's default range count from.</param>
internal sealed record ReportInvocation(ReportKind Kind, string Key, string? From, string? To, string Format, string? Out, string? Config, string? Data, string WorkingDirectory, DateTimeOffset Now, bool Totals = false);

/// <summary>Runs a report: settings, store, query, render, write. Returns the exit code the command documents.</summary>
internal static class ReportRunner
{
    /// <summary>Bad arguments or settings.</summary>
    public const int Usage = 2;

    /// <summary>The store cannot be read.</summary>
    public const int Unreadable = 3;

    /// <summary>Nothing stored for the job, label or node.</summary>
    public const int NotFound = 4;

    /// <summary>A node report's range when --from is not given: 24 h before --to.</summary>
    public const long DefaultNodeRangeMs = 86_400_000;

    public static async Task<int> RunAsync(ReportInvocation a, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        if (ReportRenderers.Parse(a.Format) is not { } format)
        {
            return Fail(stderr, Usage, $"--format must be one of {string.Join(", ", ReportRenderers.Names)}; it is \"{a.Format}\"");
        }

        if (!TryRange(a, out var request, out var rangeError))
        {
            return Fail(stderr, Usage, rangeError);
        }

        if (request.Validate() is { Count: > 0 } invalid)
        {
            return Fail(stderr, Usage, string.Join("; ", invalid));
        }

        var (options, configErrors) = CollectorConfiguration.Load(new ConfigurationSources { ConfigFile = a.Config, DataDirectory = a.Data, WorkingDirectory = a.WorkingDirectory });
        if (options is null)
        {
            SettingsArguments.Print(configErrors, stderr);
            return Usage;
        }

        var (reader, storeError) = ReportStore.Open(options);
        if (reader is null)
        {
            return Fail(stderr, Unreadable, storeError!);
        }

        Report report;
        try
        {
            report = await ReportBuilder.BuildAsync(reader, request, cancel);
        }
        catch (ReportNotFoundException e)
        {
            return Fail(stderr, NotFound, e.Message);
        }
        catch (Exception e) when (e is SinkException or SqliteException or HttpRequestException)
        {
            return Fail(stderr, Unreadable, "cannot read the store: " + e.Message);
        }
        finally
        {
            (reader as IDisposable)?.Dispose();
        }

        var text = ReportRenderers.Render(report, format, a.Totals);
        var path = a.Out ?? (format == ReportFormat.Html ? Path.Combine(a.WorkingDirectory, DefaultFileName(request)) : null);
        if (path is null)
        {
            await stdout.WriteAsync(text);
            return 0;
        }

        try
        {
            await File.WriteAllTextAsync(path, text, cancel);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(stderr, Usage, $"cannot write {path}: {e.Message}");
        }

        await stdout.WriteLineAsync(Path.GetFullPath(path));
        return 0;
    }

    /// <summary>report-&lt;id&gt;.html for a job, report-&lt;kind&gt;-&lt;key&gt;.html otherwise; characters unsafe in a file name become '_'.</summary>
    public static string DefaultFileName(ReportRequest request)
    {
        var name = request.Kind == ReportKind.Job ? request.Key : request.KindName + "-" + request.Key;
        return "report-" + new string([.. name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]) + ".html";
    }

    private static bool TryRange(ReportInvocation a, out ReportRequest request, out string error)
    {
        request = new ReportRequest(a.Kind, a.Key, long.MinValue, long.MaxValue);
        error = string.Empty;
        long from = long.MinValue, to = long.MaxValue;
        if (a.To is not null && !ReportTime.TryParse(a.To, a.Now, out to, out error))
        {
            error = "--to: " + error;
            return false;
        }

        if (a.Kind == ReportKind.Node && a.To is null)
        {
            to = a.Now.ToUnixTimeMilliseconds();
        }

        if (a.From is not null && !ReportTime.TryParse(a.From, a.Now, out from, out error))
        {
            error = "--from: " + error;
            return false;
        }

        if (a.Kind == ReportKind.Node && a.From is null)
        {
            from = to - DefaultNodeRangeMs;
        }

        request = request with { FromMs = from, ToMs = to };
        return true;
    }

    private static int Fail(TextWriter stderr, int code, string message)
    {
        stderr.WriteLine("error: " + message);
        return code;
    }
}
