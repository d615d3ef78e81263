using System.Text.Json;
using System.Text.RegularExpressions;
using Metering.Testing;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// `metering serve`'s log as an operator reads it: ISO 8601 UTC times, no line per HTTP request unless asked for, the
/// Logging section honoured from the command line like every other setting, and JSON lines for log shippers.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class ServeLoggingTests : IDisposable
{
    private readonly string _dir = Collectors.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Lines_carry_ISO_UTC_times_and_requests_are_not_logged_by_default()
    {
        var output = await ServeAndScrapeAsync("");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.Matches(IsoLine(), l));
        Assert.Contains(lines, l => l.Contains(" info: ", StringComparison.Ordinal));
        Assert.DoesNotContain("Request starting", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Executing endpoint", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Logging_section_on_the_command_line_sets_levels_and_turns_request_lines_on()
    {
        var quiet = await ServeAndScrapeAsync("--Logging:LogLevel:Default=Warning");
        Assert.DoesNotContain(" info: ", quiet, StringComparison.Ordinal);

        var requests = await ServeAndScrapeAsync("--Logging:LogLevel:Microsoft.AspNetCore=Information");
        Assert.Contains("Request starting HTTP/1.1 GET http://127.0.0.1:", requests, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_json_console_format_writes_one_object_per_line_with_UTC_times()
    {
        var output = await ServeAndScrapeAsync("--Logging:Console:FormatterName=json");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            using var entry = JsonDocument.Parse(line);
            Assert.EndsWith("Z", entry.RootElement.GetProperty("Timestamp").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(entry.RootElement.GetProperty("Category").GetString()));
        }
    }

    /// <summary>Starts serve with <paramref name="settings"/>, asks /health and /metrics three times each, stops it; its output.</summary>
    private async Task<string> ServeAndScrapeAsync(string settings)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        using var serve = MeteringProcess.Start(_dir, $"serve --data {Path.Combine(_dir, $"data-{Guid.NewGuid():N}")} --Broker:Port=0 --Http:Url={url} {settings}");
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        await Collectors.WaitUntilAsync(() => Answers(http), TimeSpan.FromSeconds(60), () => "serve to answer /health: " + serve.Output);
        for (var i = 0; i < 3; i++)
        {
            await http.GetAsync("/health");
            await http.GetAsync("/metrics");
        }

        Assert.Equal(0, serve.Interrupt());
        return serve.Output;
    }

    private static bool Answers(HttpClient http)
    {
        try
        {
            http.GetAsync("/health").GetAwaiter().GetResult();
            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex IsoLine();
}
