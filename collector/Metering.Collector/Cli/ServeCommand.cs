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
        var settings = new SettingsArguments();
        var command = new Command("serve", """
            Runs the collector. With no configuration: an embedded MQTT broker on 127.0.0.1:1883, a SQLite store under
            ./metering-data, the HTTP API on http://127.0.0.1:8080 (/health, /metrics, /api/v1/devices,
            /api/v1/nodes/{node}/power, /api/v1/jobs: see `metering job`). Settings come from appsettings.json, then METERING__SECTION__KEY environment
            variables, then --Section:Key=value arguments, then --data; an unknown key is refused by name, and every value
            is validated before anything starts.
            Example: metering serve --Storage:Sink=influxdb1 --Storage:InfluxV1:Url=http://127.0.0.1:8086 --Storage:InfluxV1:Database=metering
            """);
        settings.AddTo(command);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancel) => await RunAsync(settings.Load(parse, Console.Error, [.. parse.UnmatchedTokens]), cancel));
        return command;
    }

    private static async Task<int> RunAsync(CollectorSettings? options, CancellationToken cancel)
    {
        if (options is null)
        {
            return 2;
        }

        var errors = options.Validate();
        if (errors.Count > 0)
        {
            SettingsArguments.Print(errors, Console.Error);
            return 2;
        }

        if (DamagedInput.HttpPortTaken(options.Http.Url) is { } taken)
        {
            return CommonArguments.Fail(taken);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.AddCollectorLogging(options.Logging());
        try
        {
            ApiListener.Configure(builder, options.Http);
        }
        catch (CollectorConfigurationException e)
        {
            SettingsArguments.Print(e.Errors, Console.Error);
            return 2;
        }

        await using var app = builder.Build();
        await using var collector = CollectorHost.Create(options, app.Services.GetRequiredService<ILoggerFactory>());
        HttpApi.Map(app, collector, TimeProvider.System);
        await collector.StartAsync();
        await app.StartAsync(cancel);
        app.Logger.LogInformation("HTTP API on {Url}; reads {Reads}; dead letters need a token", options.Http.Url,
            options.Http.ReadsNeedTokenInEffect ? "need the admin or read-only token" : "are open (loopback only; Http:ReadsNeedToken=true closes them)");
        var stopped = Task.Delay(Timeout.Infinite, cancel);
        var finished = await Task.WhenAny(stopped, collector.Faulted);
        await app.StopAsync(CancellationToken.None);
        return finished == collector.Faulted && collector.Faulted.IsFaulted ? 1 : 0;
    }
}
