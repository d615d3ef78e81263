using Metering.Collector.Host;
using Metering.Collector.Host.Settings;
using Metering.Collector.Mqtt;
using Metering.Collector.Tests.Api;
using Metering.Collector.Tests.EndToEnd;
using Metering.Collector.Tests.Mqtt;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Metering.Collector.Tests.Host;

/// <summary>
/// How the collector's own subscriber logs in: to its embedded broker with a credentials file, as the broker's internal
/// principal (nothing to configure, no password in a file or in ps); to an external broker, with what start-up says
/// to configure.
/// </summary>
public sealed class CollectorLoginTests : IDisposable
{
    private const string Device = "rack12-node07-a";
    private readonly string _dir = Collectors.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task With_a_credentials_file_of_devices_only_the_collector_subscribes_out_of_the_box_and_ingests()
    {
        var credentials = Path.Combine(_dir, "credentials");
        CredentialsFile.AddOrReplace(credentials, Device, "device-secret", iterations: 1000);
        var settings = new CollectorSettings { DataDirectory = Path.Combine(_dir, "data"), Broker = new BrokerSettings { Port = 0, CredentialsFile = credentials } };
        await using var host = CollectorHost.Create(settings, LoggerFactory.Create(_ => { }));
        await host.StartAsync();

        await host.Client!.WaitConnectedAsync(TimeSpan.FromSeconds(30));
        using var device = await TestMqttClient.ConnectAsync(host.MqttPort, Device, Device, "device-secret");
        await device.PublishAsync($"metering/v1/{Device}/telemetry", File.ReadAllText(Repo.Example("telemetry.json")));

        await Collectors.WaitUntilAsync(() => Collectors.AcceptedTelemetry(host) == 1, TimeSpan.FromSeconds(30), "the device's telemetry to be ingested");
        Assert.True(host.Status.Snapshot().Healthy, string.Join("; ", host.Status.Snapshot().Problems));
        Assert.Equal(0, host.Broker!.Counters.Refusals(RefusalStage.Connect));
    }

    [Fact]
    public async Task The_internal_principal_cannot_be_claimed_with_a_guessed_password_or_put_in_a_credentials_file()
    {
        await using var broker = await TestBroker.StartAsync();

        using var impostor = await TestMqttClient.ConnectAsync(broker.Port, "impostor", InternalCredentials.Username, "guess");
        using var collector = await TestMqttClient.ConnectAsync(broker.Port, "metering-collector", InternalCredentials.Username, broker.Broker.Internal.Password);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, impostor.ConnectCode);
        Assert.Equal(MqttClientConnectResultCode.Success, collector.ConnectCode);
        Assert.False(CredentialsFile.IsValidUsername(InternalCredentials.Username));
        Assert.Equal(64, broker.Broker.Internal.Password.Length);
    }

    [Fact]
    public async Task With_an_external_broker_start_up_and_the_refusal_say_exactly_what_to_configure()
    {
        await using var broker = await TestBroker.StartAsync();
        var logs = new LogRecorder();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var settings = Collectors.External(Path.Combine(_dir, "data"), broker.Port);
        await using var host = CollectorHost.Create(settings, factory);
        await host.StartAsync();

        await Collectors.WaitUntilAsync(() => logs.Text.Contains("broker refused the connection", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the refusal to be logged");

        Assert.Contains($"Subscribing to the MQTT broker 127.0.0.1:{broker.Port} without a username. If it authenticates its clients, give the collector a service account", logs.Text, StringComparison.Ordinal);
        Assert.Contains("broker refused the connection: NotAuthorized", logs.Text, StringComparison.Ordinal);
        Assert.Contains("set Mqtt:Username=collector and its password in the environment, METERING__Mqtt__Password (never on the command line: it shows in ps)", logs.Text, StringComparison.Ordinal);
    }
}
