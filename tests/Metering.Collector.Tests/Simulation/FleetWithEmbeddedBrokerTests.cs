using Metering.Collector.Cli;
using Metering.Collector.Mqtt;
using Metering.Simulation.Fleet;
using Metering.Collector.Tests.Mqtt;

namespace Metering.Collector.Tests.Simulation;

/// <summary>The simulator with the embedded broker in credentials mode: generated device passwords, the service account, refusals.</summary>
[Collection(FleetCollection.Name)]
public sealed class FleetWithEmbeddedBrokerTests
{
    [Fact]
    public async Task With_generated_credentials_every_meter_authenticates_and_publishes_under_its_own_id()
    {
        await using var broker = await TestBroker.StartAsync();
        using var collector = await broker.ConnectAsync("collector");
        await collector.SubscribeAsync("metering/v1/+/telemetry");
        var options = new SimulationOptions
        {
            BrokerPort = broker.Port, Devices = 3, Rails = 0, WindowSeconds = 1, Prefix = "auth",
            Username = "collector", Password = TestBroker.PasswordOf("collector"), GeneratePasswords = true,
        };
        await using var fleet = new FleetSimulator(options);
        SimCommand.WriteCredentials(fleet, broker.CredentialsPath);   // what `metering sim --credentials-out FILE` does before the start

        await fleet.StartAsync();
        foreach (var device in fleet.Devices)
        {
            await collector.WaitForAsync($"metering/v1/{device.DeviceId}/telemetry", TimeSpan.FromSeconds(30));
        }

        var users = CredentialsFile.Load(broker.CredentialsPath);
        Assert.Equal(["auth-0001-a", "auth-0002-a", "auth-0003-a", "collector", "dev-a", "dev-b"], users.Usernames.Order());
        Assert.All(fleet.Devices, d => Assert.True(users.Verify(d.DeviceId, d.Password)));
        Assert.Empty(broker.Broker.Counters.RefusalsByReason());
    }

    [Fact]
    public async Task Meters_with_a_wrong_password_are_refused_and_keep_retrying_with_backoff()
    {
        await using var broker = await TestBroker.StartAsync();
        CredentialsFile.AddOrReplace(broker.CredentialsPath, [("bad-0001-a", "right"), ("bad-0002-a", "right")], SimCommand.GeneratedPasswordIterations);
        var options = new SimulationOptions
        {
            BrokerPort = broker.Port, Devices = 2, Rails = 0, Prefix = "bad", DevicePassword = "wrong",
            Username = "collector", Password = TestBroker.PasswordOf("collector"),
        };
        await using var fleet = new FleetSimulator(options);

        await fleet.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (fleet.Progress().FailedConnects < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var progress = fleet.Progress();
        Assert.True(progress.FailedConnects >= 4, $"failed connects: {progress.FailedConnects}");
        Assert.Equal(0, progress.Connected);
        Assert.True(broker.Broker.Counters.Refusals(RefusalStage.Connect, RefusalReasons.BadPassword) >= 4);
    }

    [Fact]
    public async Task A_config_publisher_the_broker_refuses_stops_the_start_before_any_meter_boots()
    {
        // A device account may not write configs; the embedded broker already refuses it at CONNECT, because a
        // device must use its own id as client id and the publisher uses a client id of its own.
        await using var broker = await TestBroker.StartAsync();
        var options = new SimulationOptions { BrokerPort = broker.Port, Devices = 2, Prefix = "cfg", Username = "dev-a", Password = TestBroker.PasswordOf("dev-a") };
        await using var fleet = new FleetSimulator(options);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => fleet.StartAsync());

        Assert.Contains("(dev-a): ClientIdentifierNotValid", e.Message);
        Assert.All(fleet.Devices, d => Assert.Null(d.Meter));
    }

    [Fact]
    public async Task Three_hundred_meters_run_on_two_sampling_and_two_service_threads()
    {
        await using var broker = await TestBroker.StartAsync(secured: false);
        using var collector = await TestMqttClient.ConnectAsync(broker.Port, "collector");
        await collector.SubscribeAsync("metering/v1/+/telemetry");
        var options = new SimulationOptions { BrokerPort = broker.Port, Devices = 300, Rails = 1, WindowSeconds = 2, Threads = 2, Prefix = "many" };
        await using var fleet = new FleetSimulator(options);

        await fleet.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (collector.Received.Select(m => m.Topic).Distinct().Count() < options.Devices && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var progress = fleet.Progress();
        Assert.Equal(options.Devices, collector.Received.Select(m => m.Topic).Distinct().Count());
        Assert.All(collector.Received, m => Assert.NotNull(TelemetryCodec.Decode(System.Text.Encoding.UTF8.GetBytes(m.Payload), out _)));
        Assert.Equal((300, 0L, 0L), (progress.Connected, progress.Faults, broker.Broker.Counters.MessagesDropped));
        Assert.InRange(progress.SamplingGapSeconds, 0, 1);
    }
}
