using System.CommandLine;
using Metering.Collector.Api;
using Metering.Collector.Host;
using Metering.Collector.Host.Settings;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Cli;

/// <summary><c>metering serve</c>: the collector.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "An appsettings.json file (default: ./appsettings.json when present)." };
        var data = new Option<string?>("--data") { Description = "Data directory (overrides DataDirectory; default ./metering-data)." };
        var command = new Command("serve", """
            Runs the collector. With no configuration: an embedded MQTT broker on 127.0.0.1:1883, a SQLite store under
            ./metering-data, the HTTP API on http://127.0.0.1:8080 (/health, /metrics, /api/v1/devices,
            /api/v1/nodes/{node}/power, /api/v1/jobs: see `metering job`). Settings come from appsettings.json, then METERING__SECTION__KEY environment
            variables, then --Section:Key=value arguments; they are validated before anything starts.
            Example: metering serve --Storage:Sink=influxdb1 --Storage:InfluxV1:Url=http://127.0.0.1:8086 --Storage:InfluxV1:Database=metering
            """)
        {
            config,
            data,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancel) => await RunAsync(parse.GetValue(config), parse.GetValue(data), [.. parse.UnmatchedTokens], cancel));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo? configFile, string? data, string[] overrides, CancellationToken cancel)
    {
        if (configFile is { Exists: false })
        {
            return CommonArguments.Fail($"--config {configFile.FullName} does not exist");
        }

        var configuration = new ConfigurationBuilder()
            .AddJsonFile(configFile?.FullName ?? Path.GetFullPath("appsettings.json"), optional: configFile is null)
            .AddEnvironmentVariables("METERING__")
            .AddCommandLine(overrides)
            .Build();
        CollectorSettings options;
        try
        {
            options = configuration.Get<CollectorSettings>(b => b.ErrorOnUnknownConfiguration = false) ?? new CollectorSettings();
        }
        catch (InvalidOperationException ex)
        {
            return CommonArguments.Fail("configuration: " + ex.Message);
        }

        if (data is not null)
        {
            options.DataDirectory = data;
        }

        var errors = options.Validate();
        if (errors.Count > 0)
        {
            Console.Error.WriteLine("error: invalid configuration:");
            foreach (var e in errors)
            {
                Console.Error.WriteLine("  " + e);
            }

            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.WebHost.UseUrls(options.Http.Url);
        await using var app = builder.Build();
        await using var collector = CollectorHost.Create(options, app.Services.GetRequiredService<ILoggerFactory>());
        HttpApi.Map(app, collector, TimeProvider.System);
        await collector.StartAsync();
        await app.StartAsync(cancel);
        app.Logger.LogInformation("HTTP API on {Url}", options.Http.Url);
        var stopped = Task.Delay(Timeout.Infinite, cancel);
        var finished = await Task.WhenAny(stopped, collector.Faulted);
        await app.StopAsync(CancellationToken.None);
        return finished == collector.Faulted && collector.Faulted.IsFaulted ? 1 : 0;
    }
}
