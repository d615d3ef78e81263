using System.Net;
using System.Net.NetworkInformation;
using MQTTnet;
using MQTTnet.Formatter;
using Metering.Collector.Mqtt;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>The embedded broker against real MQTTnet clients: where it listens, who gets in, and the topic rules.</summary>
public sealed class EmbeddedBrokerTests
{
    [Fact]
    public async Task Listens_only_on_loopback_by_default_on_the_port_the_OS_chose()
    {
        await using var broker = await TestBroker.StartAsync(secured: false);

        var listeners = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Where(l => l.Port == broker.Port).ToList();

        Assert.NotEqual(0, broker.Port);
        Assert.Equal([new IPEndPoint(IPAddress.Loopback, broker.Port)], broker.Broker.Endpoints);
        Assert.Equal([IPAddress.Loopback], listeners.Select(l => l.Address));
    }

    [Fact]
    public async Task Listens_on_each_address_it_is_given_on_one_port()
    {
        await using var broker = await TestBroker.StartAsync(adjust: o => o with { BindAddresses = [IPAddress.Loopback, IPAddress.Parse("127.0.0.2")] });

        var listening = IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Where(l => l.Port == broker.Port).Select(l => l.Address);

        Assert.Equal(["127.0.0.1", "127.0.0.2"], listening.Select(a => a.ToString()).Order());
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.168.1.20")]
    public void Listening_beyond_loopback_without_credentials_is_refused_before_anything_listens(string address)
    {
        var e = Assert.Throws<ArgumentException>(() => new EmbeddedBroker(new EmbeddedBrokerOptions { BindAddresses = [IPAddress.Parse(address)] }));

        Assert.Equal(nameof(EmbeddedBrokerOptions.BindAddresses), e.ParamName);
    }

    [Theory]
    [InlineData("dev-a", "pass-a", "dev-a", MqttClientConnectResultCode.Success, null)]
    [InlineData("collector", "pass-c", "collector-7", MqttClientConnectResultCode.Success, null)]
    [InlineData("dev-a", "pass-b", "dev-a", MqttClientConnectResultCode.BadUserNameOrPassword, RefusalReasons.BadPassword)]
    [InlineData("dev-z", "pass-a", "dev-z", MqttClientConnectResultCode.BadUserNameOrPassword, RefusalReasons.UnknownUser)]
    [InlineData(null, null, "dev-a", MqttClientConnectResultCode.NotAuthorized, RefusalReasons.Anonymous)]
    [InlineData("dev-a", "pass-a", "dev-b", MqttClientConnectResultCode.ClientIdentifierNotValid, RefusalReasons.ClientIdMismatch)]
    [InlineData("collector", "pass-c", "dev-a", MqttClientConnectResultCode.ClientIdentifierNotValid, RefusalReasons.ClientIdOfDevice)]
    public async Task With_credentials_a_client_gets_in_only_with_its_password_and_its_own_client_id(
        string? user, string? password, string clientId, MqttClientConnectResultCode expected, string? reason)
    {
        await using var broker = await TestBroker.StartAsync();

        using var client = await TestMqttClient.ConnectAsync(broker.Port, clientId, user, password);

        Assert.Equal(expected, client.ConnectCode);
        Assert.Equal(reason is null ? 0 : 1, broker.Broker.Counters.Refusals(RefusalStage.Connect));
        if (reason is not null)
        {
            Assert.Equal(1, broker.Broker.Counters.Refusals(RefusalStage.Connect, reason));
        }
    }

    [Fact]
    public async Task A_device_publishing_as_another_device_gets_NotAuthorized_and_is_counted()
    {
        await using var broker = await TestBroker.StartAsync();
        using var device = await broker.ConnectAsync("dev-a");

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await device.PublishAsync("metering/v1/dev-b/telemetry", "{}"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await device.PublishAsync("metering/v1/dev-a/config", "{}"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await device.PublishAsync("elsewhere/dev-a", "{}"));
        Assert.Equal(MqttClientPublishReasonCode.NoMatchingSubscribers, await device.PublishAsync("metering/v1/dev-a/telemetry", "{}"));

        var counters = broker.Broker.Counters;
        Assert.Equal((1, 1, 1), (counters.Refusals(RefusalStage.Publish, RefusalReasons.ForeignDevice),
            counters.Refusals(RefusalStage.Publish, RefusalReasons.ConfigByDevice), counters.Refusals(RefusalStage.Publish, RefusalReasons.OutsideNamespace)));
    }

    [Fact]
    public async Task A_spoofed_publish_from_a_3_1_1_device_never_reaches_the_collector()
    {
        await using var broker = await TestBroker.StartAsync();
        using var collector = await broker.ConnectAsync("collector");
        await collector.SubscribeAsync("metering/v1/#");
        using var device = await broker.ConnectAsync("dev-a", version: MqttProtocolVersion.V311);

        // MQTT 3.1.1 has no refusal code: the broker acknowledges and drops. The device's next, legitimate message
        // travels the same ordered path, so once it has arrived the spoofed one would have arrived before it.
        Assert.Equal(MqttClientPublishReasonCode.Success, await device.PublishAsync("metering/v1/dev-b/telemetry", "spoofed"));
        await device.PublishAsync("metering/v1/dev-a/telemetry", "genuine");
        await collector.WaitForAsync("metering/v1/dev-a/telemetry");

        Assert.Equal([("metering/v1/dev-a/telemetry", "genuine")], collector.Received);
        Assert.Equal(1, broker.Broker.Counters.Refusals(RefusalStage.Publish, RefusalReasons.ForeignDevice));
    }

    [Fact]
    public async Task A_device_may_subscribe_to_its_own_config_only_and_never_sees_another_device_s_config()
    {
        await using var broker = await TestBroker.StartAsync();
        using (var collector = await broker.ConnectAsync("collector"))
        {
            await collector.PublishAsync("metering/v1/dev-b/config", "config of b", retain: true);
            await collector.PublishAsync("metering/v1/dev-a/config", "config of a", retain: true);
        }

        using var device = await broker.ConnectAsync("dev-a");
        using var legacy = await broker.ConnectAsync("dev-b", version: MqttProtocolVersion.V311);

        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await device.SubscribeAsync("metering/v1/dev-b/config"));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await device.SubscribeAsync("metering/v1/+/config"));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await device.SubscribeAsync("metering/v1/#"));
        Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, await legacy.SubscribeAsync("metering/v1/dev-a/config"));
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await device.SubscribeAsync("metering/v1/dev-a/config"));
        await device.WaitForAsync("metering/v1/dev-a/config");

        Assert.Equal([("metering/v1/dev-a/config", "config of a")], device.Received);
        Assert.Equal(4, broker.Broker.Counters.Refusals(RefusalStage.Subscribe, RefusalReasons.NotOwnConfig));
    }

    [Fact]
    public async Task The_service_account_reads_everything_and_writes_config_but_never_speaks_for_a_device()
    {
        await using var broker = await TestBroker.StartAsync();
        using var collector = await broker.ConnectAsync("collector");

        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await collector.SubscribeAsync("metering/v1/#"));
        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, await collector.SubscribeAsync("#"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await collector.PublishAsync("metering/v1/dev-a/config", "config"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await collector.PublishAsync("metering/v1/dev-a/telemetry", "{}"));
        await collector.WaitForAsync("metering/v1/dev-a/config");
    }

    [Fact]
    public async Task A_last_will_on_another_device_s_topic_is_refused_like_any_publish()
    {
        await using var broker = await TestBroker.StartAsync();
        var refused = new TaskCompletionSource<BrokerRefusal>(TaskCreationOptions.RunContinuationsAsynchronously);
        broker.Broker.Refused += r => refused.TrySetResult(r);
        using var collector = await broker.ConnectAsync("collector");
        await collector.SubscribeAsync("metering/v1/#");
        var device = new MqttClientFactory().CreateMqttClient();
        await device.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("dev-a")
            .WithCredentials("dev-a", "pass-a").WithWillTopic("metering/v1/dev-b/status").WithWillPayload("offline").Build());

        device.Dispose(); // a power cut: no DISCONNECT, so the broker publishes the will

        var refusal = await refused.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(new BrokerRefusal(RefusalStage.Publish, RefusalReasons.ForeignDevice, "dev-a", "dev-a", "metering/v1/dev-b/status"), refusal);
        Assert.Empty(collector.Received);
    }

    [Fact]
    public async Task A_user_added_to_the_credentials_file_gets_in_without_a_restart()
    {
        await using var broker = await TestBroker.StartAsync();
        using (var before = await TestMqttClient.ConnectAsync(broker.Port, "dev-c", "dev-c", "pass-c"))
        {
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, before.ConnectCode);
        }

        CredentialsFile.AddOrReplace(broker.CredentialsPath, "dev-c", "pass-c", iterations: 1000);

        using var after = await TestMqttClient.ConnectAsync(broker.Port, "dev-c", "dev-c", "pass-c");
        Assert.Equal(MqttClientConnectResultCode.Success, after.ConnectCode);
    }

    [Fact]
    public async Task Without_credentials_local_clients_speak_only_for_their_own_id_and_anyone_may_write_config()
    {
        await using var broker = await TestBroker.StartAsync(secured: false);
        using var meter = await TestMqttClient.ConnectAsync(broker.Port, "dev-a", "dev-a", "ignored");
        using var tool = await TestMqttClient.ConnectAsync(broker.Port, "technician");

        Assert.Equal(MqttClientConnectResultCode.Success, meter.ConnectCode);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, await tool.SubscribeAsync("metering/v1/#"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await meter.PublishAsync("metering/v1/dev-a/telemetry", "{}"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await meter.PublishAsync("metering/v1/dev-b/telemetry", "{}"));
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, await tool.PublishAsync("metering/v1/dev-b/status", "{}"));
        Assert.Equal(MqttClientPublishReasonCode.Success, await tool.PublishAsync("metering/v1/dev-b/config", "{}"));
        Assert.Equal(2, broker.Broker.Counters.Refusals(RefusalStage.Publish, RefusalReasons.ForeignDevice));
    }
}
