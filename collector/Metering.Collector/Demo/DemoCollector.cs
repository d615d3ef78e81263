using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Metering.Collector.Api;
using Metering.Collector.Files;
using Metering.Collector.Host;
using Metering.Collector.Host.Settings;
using Metering.Collector.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Metering.Collector.Demo;

/// <summary>
/// The collector the demo runs: the same <see cref="CollectorHost"/> and HTTP API as <c>metering serve</c>, with the
/// embedded broker on 127.0.0.1:1883 when that port is free (else one the OS picks), the HTTP API on a free
/// loopback port, SQLite under the data directory, the generated inventory, and the simulated clock. Logs go to
/// stderr, warnings and worse, so the progress view stays readable.
/// </summary>
internal sealed class DemoCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoCollector(WebApplication app, CollectorHost host, CollectorSettings options, string apiUrl)
    {
        (_app, Host, Options, ApiUrl) = (app, host, options, apiUrl);
    }

    /// <summary>The collector.</summary>
    public CollectorHost Host { get; }

    /// <summary>Its options (the attribution policy the truth must use).</summary>
    public CollectorSettings Options { get; }

    /// <summary>The HTTP API's base URL (<c>http://127.0.0.1:PORT</c>).</summary>
    public string ApiUrl { get; }

    /// <summary>
    /// Writes the inventory and the carbon series (covering [<paramref name="carbonFrom"/>, <paramref name="carbonTo"/>])
    /// into <paramref name="dataDirectory"/>, starts the collector and its HTTP API.
    /// </summary>
    public static async Task<DemoCollector> StartAsync(string dataDirectory, Inventory inventory, DateTimeOffset carbonFrom, DateTimeOffset carbonTo, TimeProvider time, CancellationToken cancellationToken)
    {
        // The demo's collector reads its settings the way every command does, from the demo's own keys only: a user's
        // appsettings.json or METERING__ variables must not change what the demo shows.
        var keys = new Dictionary<string, string?>(DemoFacility.Settings())
        {
            ["Broker:Port"] = (PortFree(1883) ? 1883 : 0).ToString(CultureInfo.InvariantCulture),
            ["Http:Url"] = "http://127.0.0.1:0",
        };
        var (options, errors) = CollectorConfiguration.Load(new ConfigurationSources { Defaults = keys, DataDirectory = dataDirectory, ReadFileAndEnvironment = false });
        if (options is null)
        {
            throw new InvalidOperationException("the demo's settings are invalid: " + string.Join("; ", errors));
        }

        Directory.CreateDirectory(dataDirectory);
        InventoryFile.Save(inventory, options.EffectiveInventoryPath);
        DemoFacility.WriteCarbon(dataDirectory, carbonFrom, carbonTo);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Warning)
            .AddPrintableConsole()
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.WebHost.UseUrls(options.Http.Url);
        var app = builder.Build();
        CollectorHost? host = null;
        try
        {
            host = CollectorHost.Create(options, app.Services.GetRequiredService<ILoggerFactory>(), time);
            HttpApi.Map(app, host, time);
            await host.StartAsync().ConfigureAwait(false);
            await host.Client!.WaitConnectedAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            return new DemoCollector(app, host, options, app.Urls.First().TrimEnd('/'));
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }

            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await Host.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static bool PortFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
