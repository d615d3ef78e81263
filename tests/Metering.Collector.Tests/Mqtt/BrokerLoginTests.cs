using Metering.Collector.Mqtt;
using Metering.Collector.Tests.Api;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>
/// Failed logins are rate-limited per address (counted and logged), and the broker forgets a client id when its
/// connection ends instead of keeping one entry per id it ever saw.
/// </summary>
public sealed class BrokerLoginTests
{
    [Fact]
    public async Task Ten_failed_logins_lock_the_address_out_even_for_the_right_password_without_checking_it()
    {
        await using var broker = await TestBroker.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            using var guess = await TestMqttClient.ConnectAsync(broker.Port, "dev-a", "dev-a", $"guess-{i}");
            Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, guess.ConnectCode);
        }

        using var owner = await broker.ConnectAsync("dev-a");

        Assert.Equal(MqttClientConnectResultCode.ServerBusy, owner.ConnectCode);
        Assert.Equal(10, broker.Broker.Counters.Refusals(RefusalStage.Connect, "bad_password"));
        Assert.Equal(1, broker.Broker.Counters.Refusals(RefusalStage.Connect, "login_throttled"));
    }

    [Fact]
    public async Task The_collector_s_own_login_between_guesses_does_not_forget_them()
    {
        await using var broker = await TestBroker.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            using var guess = await TestMqttClient.ConnectAsync(broker.Port, "dev-a", "dev-a", $"guess-{i}");
            if (i == 5)
            {
                using var collector = await TestMqttClient.ConnectAsync(broker.Port, "collector-x", InternalCredentials.Username, broker.Broker.Internal.Password);
                Assert.Equal(MqttClientConnectResultCode.Success, collector.ConnectCode);
            }
        }

        using var owner = await broker.ConnectAsync("dev-a");

        Assert.Equal(MqttClientConnectResultCode.ServerBusy, owner.ConnectCode);
    }

    [Fact]
    public async Task The_lockout_ends_after_its_time_and_is_logged_once_with_the_address_and_the_last_username()
    {
        var clock = new ManualClock();
        var logs = new LogRecorder();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        await using var broker = await TestBroker.StartAsync(adjust: o => o with { MaxFailedLogins = 3, LoginLockout = TimeSpan.FromSeconds(30), Time = clock },
            log: factory.CreateLogger<EmbeddedBroker>());
        for (var i = 0; i < 4; i++)
        {
            using var guess = await TestMqttClient.ConnectAsync(broker.Port, "intruder", "ghost\u001b[2J", "x");
        }

        Assert.Equal(MqttClientConnectResultCode.ServerBusy, (await broker.ConnectAsync("dev-a")).ConnectCode);
        clock.Advance(TimeSpan.FromSeconds(31));
        using var owner = await broker.ConnectAsync("dev-a");

        Assert.Equal(MqttClientConnectResultCode.Success, owner.ConnectCode);
        Assert.Equal((3, 2), (broker.Broker.Counters.Refusals(RefusalStage.Connect, "unknown_user"), broker.Broker.Counters.Refusals(RefusalStage.Connect, "login_throttled")));
        var line = Assert.Single(logs.Text.Split('\n'), l => l.Contains("refused for", StringComparison.Ordinal));
        Assert.Contains("MQTT logins from 127.0.0.1 refused for 30 s after 3 failed logins (the last as user ghost\u001b[2J, client intruder)", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 0, false)]
    [InlineData(3, 0, true)]
    [InlineData(3, 31, false)]
    public void The_throttle_locks_an_address_at_its_limit_for_the_lockout(int failures, int secondsLater, bool locked)
    {
        var clock = new ManualClock();
        var throttle = new LoginThrottle(maxFailures: 3, lockout: TimeSpan.FromSeconds(30), clock);
        var address = System.Net.IPAddress.Parse("192.0.2.7");
        var started = Enumerable.Range(0, failures).Select(_ => throttle.Failed(address)).ToList();
        clock.Advance(TimeSpan.FromSeconds(secondsLater));

        Assert.Equal(locked, throttle.IsLocked(address));
        Assert.Equal(failures >= 3 ? 1 : 0, started.Count(s => s));
        Assert.False(throttle.IsLocked(System.Net.IPAddress.Parse("192.0.2.8")));
    }

    [Fact]
    public void The_throttle_tracks_at_most_its_bound_of_addresses()
    {
        var throttle = new LoginThrottle(maxFailures: 3, lockout: TimeSpan.FromSeconds(30), new ManualClock(), maxAddresses: 100);

        for (var i = 0; i < 10_000; i++)
        {
            throttle.Failed(new System.Net.IPAddress(BitConverter.GetBytes(0x0A000000 + i)));
        }

        Assert.Equal(100, throttle.Tracked);
    }

    [Fact]
    public async Task Client_ids_are_forgotten_when_their_connection_ends_generated_ones_included()
    {
        await using var broker = await TestBroker.StartAsync(secured: false);
        var clients = new List<TestMqttClient>();
        for (var i = 0; i < 20; i++)
        {
            clients.Add(await TestMqttClient.ConnectAsync(broker.Port, i < 15 ? $"tool-{i}" : ""));
        }

        Assert.Equal(20, broker.Broker.TrackedClients);
        foreach (var client in clients)
        {
            await client.Client.DisconnectAsync();
            client.Dispose();
        }

        await EndToEnd.Collectors.WaitUntilAsync(() => broker.Broker.TrackedClients == 0, TimeSpan.FromSeconds(30), $"the broker to forget 20 client ids ({broker.Broker.TrackedClients} left)");
    }

    [Fact]
    public async Task A_client_that_takes_over_its_id_keeps_its_principal_and_may_publish()
    {
        await using var broker = await TestBroker.StartAsync();
        using var watcher = await broker.ConnectAsync("collector");
        await watcher.SubscribeAsync("metering/v1/#");
        using var first = await broker.ConnectAsync("dev-a");
        using var second = await broker.ConnectAsync("dev-a");

        await EndToEnd.Collectors.WaitUntilAsync(() => !first.Client.IsConnected, TimeSpan.FromSeconds(30), "the first connection to be taken over");
        var published = await second.PublishAsync("metering/v1/dev-a/telemetry", "{}");

        Assert.Equal(MqttClientPublishReasonCode.Success, published);
        Assert.Equal(2, broker.Broker.TrackedClients);
    }

    /// <summary>A clock tests move by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
