using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Metering.Collector.Api;
using Metering.Collector.Files;
using Metering.Collector.Host;
using Metering.Collector.Host.Settings;
using Metering.Collector.Points;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Tests.Api;

/// <summary>
/// A collector as `metering serve` composes it (CollectorHost with its embedded broker on a free port, SQLite sink,
/// and the HTTP API of HttpApi.Map on real Kestrel at 127.0.0.1, port chosen by the OS), every log line recorded.
/// </summary>
internal sealed class JobApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private JobApiServer(WebApplication app, CollectorHost collector, Uri url, LogRecorder logs)
    {
        _app = app;
        Collector = collector;
        Url = url;
        Logs = logs;
    }

    /// <summary>The collector.</summary>
    public CollectorHost Collector { get; }

    /// <summary>The HTTP API's base URL.</summary>
    public Uri Url { get; }

    /// <summary>Everything logged so far.</summary>
    public LogRecorder Logs { get; }

    /// <summary>The default options for a test collector in <paramref name="dataDirectory"/>.</summary>
    public static CollectorSettings Options(string dataDirectory) => new()
    {
        DataDirectory = dataDirectory,
        Broker = new BrokerSettings { Port = 0 },
        Http = new HttpSettings { Url = "http://127.0.0.1:0" },
    };

    /// <summary>Starts a collector on <paramref name="options"/> (<see cref="Options"/> by default).</summary>
    public static async Task<JobApiServer> StartAsync(CollectorSettings options)
    {
        var logs = new LogRecorder();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Information);
        ApiListener.Configure(builder, options.Http);
        var app = builder.Build();
        var collector = CollectorHost.Create(options, app.Services.GetRequiredService<ILoggerFactory>());
        HttpApi.Map(app, collector, TimeProvider.System);
        await collector.StartAsync();
        await app.StartAsync();
        return new JobApiServer(app, collector, new Uri(app.Urls.Single()), logs);
    }

    /// <summary>The collector's token (configured, or read from its api-token file).</summary>
    public string Token(CollectorSettings options) =>
        options.Jobs.Token ?? ApiToken.Read(new DataDirectory(options.DataDirectory).ApiToken);

    /// <summary>An HTTP client of the API, with <c>Authorization: Bearer <paramref name="token"/></c> when given.</summary>
    public HttpClient Client(string? token = null)
    {
        var http = new HttpClient { BaseAddress = Url };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    /// <summary>Writes points to the collector's sink, as the drainer would.</summary>
    public Task WritePointsAsync(params Point[] points) =>
        Collector.Sink.WriteAsync(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', points.Select(LineProtocol.ToLine)) + "\n"), default);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await Collector.DisposeAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Keeps every formatted log message (and exception text).</summary>
internal sealed class LogRecorder : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Every line so far.</summary>
    public string Text => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogRecorder owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
