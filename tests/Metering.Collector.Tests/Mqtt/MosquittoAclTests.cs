using MQTTnet;
using MQTTnet.Formatter;
using Metering.Collector.Mqtt;
using Metering.Simulation.Fleet;
using Metering.Testing;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>
/// The README's mosquitto configuration in a real mosquitto 2.0: a password file holding both mosquitto_passwd's and
/// <see cref="CredentialsFile"/>'s hashes, and the ACL from <see cref="MosquittoConfig"/>, enforce the embedded broker's rules.
/// </summary>
public sealed class MosquittoAclTests : IDisposable
{
    private readonly string _directory = TestBroker.NewDirectory();

    [Fact]
    public async Task Mosquitto_with_the_documented_password_and_acl_files_enforces_the_same_rules()
    {
        using var server = StartSecuredMosquitto();
        using var collector = await TestMqttClient.ConnectAsync(server.Port, "collector", "collector", "pass-c");
        await collector.SubscribeAsync("metering/v1/#");

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await PublishOnceAsync(server, "dev-a", "metering/v1/dev-b/telemetry", MqttProtocolVersion.V500));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await PublishOnceAsync(server, "dev-a", "metering/v1/dev-a/config", MqttProtocolVersion.V500));
        Assert.Equal(MqttClientPublishReasonCode.Success, await PublishOnceAsync(server, "dev-b", "metering/v1/dev-a/telemetry", MqttProtocolVersion.V311));
        Assert.Equal(MqttClientPublishReasonCode.Success, await PublishOnceAsync(server, "dev-b", "metering/v1/dev-b/telemetry", MqttProtocolVersion.V311));
        await collector.WaitForAsync("metering/v1/dev-b/telemetry");

        // mosquitto handles clients one at a time in order: the refused publishes came before the genuine one.
        Assert.Equal([("metering/v1/dev-b/telemetry", "from dev-b")], collector.Received);
    }

    [Theory]
    [InlineData("dev-a", "pass-b")]
    [InlineData("dev-b", "pass-a")]
    [InlineData("dev-z", "pass-a")]
    [InlineData(null, null)]
    public async Task Mosquitto_refuses_a_wrong_password_an_unknown_user_and_anonymous_clients(string? user, string? password)
    {
        using var server = StartSecuredMosquitto();

        using var client = await TestMqttClient.ConnectAsync(server.Port, user ?? "anonymous", user, password, MqttProtocolVersion.V311);

        Assert.NotEqual(MqttClientConnectResultCode.Success, client.ConnectCode);
    }

    [Fact]
    public async Task In_mosquitto_a_device_reads_its_own_config_and_never_another_s()
    {
        using var server = StartSecuredMosquitto();
        using (var collector = await TestMqttClient.ConnectAsync(server.Port, "collector", "collector", "pass-c"))
        {
            await collector.PublishAsync("metering/v1/dev-b/config", "config of b", retain: true);
            await collector.PublishAsync("metering/v1/dev-a/config", "config of a", retain: true);
        }

        using var device = await TestMqttClient.ConnectAsync(server.Port, "dev-a", "dev-a", "pass-a");
        // mosquitto 2.0 grants the subscription and filters delivery by the read rule.
        await device.SubscribeAsync("metering/v1/dev-b/config");
        await device.SubscribeAsync("metering/v1/dev-a/config");
        await device.WaitForAsync("metering/v1/dev-a/config");

        Assert.Equal([("metering/v1/dev-a/config", "config of a")], device.Received);
    }

    [Fact]
    public async Task The_simulator_stops_when_mosquitto_refuses_its_config_and_names_the_device()
    {
        using var server = StartSecuredMosquitto();
        var options = new SimulationOptions { BrokerPort = server.Port, Devices = 1, Prefix = "cfg", Username = "dev-a", Password = "pass-a" };
        await using var fleet = new FleetSimulator(options);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => fleet.StartAsync());

        Assert.Contains("refused the config of cfg-0001-a: NotAuthorized", e.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// Publishes once on a fresh connection. mosquitto 2.0.11 with <c>max_queued_messages 0</c> (the test fixture's
    /// setting) drops a client's connection right after refusing one of its QoS 1 publishes, so each refusal gets its own.
    /// </summary>
    private static async Task<MqttClientPublishReasonCode> PublishOnceAsync(MosquittoServer server, string user, string topic, MqttProtocolVersion version)
    {
        using var client = await TestMqttClient.ConnectAsync(server.Port, user, user, TestBroker.PasswordOf(user), version);
        Assert.Equal(MqttClientConnectResultCode.Success, client.ConnectCode);
        return await client.PublishAsync(topic, "from " + user);
    }

    private MosquittoServer StartSecuredMosquitto()
    {
        var passwords = Path.Combine(_directory, "passwd");
        var acl = Path.Combine(_directory, "acl");
        // One user hashed by mosquitto_passwd, two by CredentialsFile at its default cost: one file serves both brokers.
        Assert.Equal(0, ServerProcess.Run("mosquitto_passwd", $"-b -c {passwords} dev-a pass-a").ExitCode);
        CredentialsFile.AddOrReplace(passwords, [("dev-b", "pass-b"), ("collector", "pass-c")]);
        File.WriteAllText(acl, MosquittoConfig.AclFile(["collector"]));
        if (ServerProcess.IsRoot)
        {
            // mosquitto drops to its own user before it reads the files.
            Assert.Equal(0, ServerProcess.Run("chown", $"-R mosquitto:mosquitto {_directory}").ExitCode);
        }

        return MosquittoServer.Start(MosquittoConfig.Authentication(passwords, acl));
    }
}
