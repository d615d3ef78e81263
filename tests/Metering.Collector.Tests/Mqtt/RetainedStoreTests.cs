using Metering.Collector.Mqtt;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>Retained config and status kept in a file survive a broker restart; a damaged file stops the start instead of being overwritten.</summary>
public sealed class RetainedStoreTests
{
    [Fact]
    public async Task Retained_config_survives_a_restart_of_the_broker()
    {
        var directory = TestBroker.NewDirectory();
        var store = Path.Combine(directory, "retained.json");
        EmbeddedBrokerOptions WithStore(EmbeddedBrokerOptions o) => o with { RetainedStorePath = store };
        await using (var first = await TestBroker.StartAsync(adjust: WithStore, directory: directory))
        {
            using var collector = await first.ConnectAsync("collector");
            await collector.PublishAsync("metering/v1/dev-a/config", "config of a", retain: true);
            await collector.PublishAsync("metering/v1/dev-b/config", "config of b", retain: true);
            await collector.PublishAsync("metering/v1/dev-b/config", "", retain: true); // clears it
        }

        await using (var second = await TestBroker.StartAsync(adjust: WithStore, directory: directory))
        {
            using var device = await second.ConnectAsync("dev-a");
            using var collector2 = await second.ConnectAsync("collector");
            await device.SubscribeAsync("metering/v1/dev-a/config");
            await collector2.SubscribeAsync("metering/v1/+/config");
            await device.WaitForAsync("metering/v1/dev-a/config");

            // Retained messages are queued at SUBSCRIBE; a message sent after it arrives after all of them.
            await collector2.PublishAsync("metering/v1/dev-z/config", "sentinel");
            await collector2.WaitForAsync("metering/v1/dev-z/config");

            Assert.Equal([("metering/v1/dev-a/config", "config of a")], device.Received);
            Assert.Equal([("metering/v1/dev-a/config", "config of a"), ("metering/v1/dev-z/config", "sentinel")], collector2.Received);
        }

        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_damaged_store_stops_the_start_and_is_left_as_it_was()
    {
        var directory = TestBroker.NewDirectory();
        var store = Path.Combine(directory, "retained.json");
        File.WriteAllText(store, "{not json");

        await Assert.ThrowsAsync<InvalidDataException>(() =>
            TestBroker.StartAsync(secured: false, adjust: o => o with { RetainedStorePath = store }, directory: directory));

        Assert.Equal("{not json", File.ReadAllText(store));
        Directory.Delete(directory, recursive: true);
    }
}
