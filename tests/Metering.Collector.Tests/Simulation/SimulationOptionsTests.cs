using Metering.Simulation.Fleet;

namespace Metering.Collector.Tests.Simulation;

/// <summary>The options of <c>metering sim</c>: broker addresses, device ids, and refusals that name the option.</summary>
public sealed class SimulationOptionsTests
{
    [Theory]
    [InlineData("127.0.0.1:1883", "127.0.0.1", 1883)]
    [InlineData("broker.example:8883", "broker.example", 8883)]
    [InlineData("broker", "broker", 1883)]
    [InlineData("[::1]:1884", "::1", 1884)]
    [InlineData("[::1]", "::1", 1883)]
    [InlineData("::1", "::1", 1883)]
    public void A_broker_address_is_host_and_port(string text, string host, int port) =>
        Assert.Equal((host, port), SimulationOptions.ParseBroker(text));

    [Theory]
    [InlineData("")]
    [InlineData(":1883")]
    [InlineData("host:")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:-1")]
    [InlineData("[::1")]
    [InlineData("[::1]1883")]
    public void A_broken_broker_address_is_refused(string text) =>
        Assert.Throws<FormatException>(() => SimulationOptions.ParseBroker(text));

    [Theory]
    [InlineData(10, 0, "sim-0001-a")]
    [InlineData(10, 9, "sim-0010-a")]
    [InlineData(12_000, 11_999, "sim-12000-a")]
    [InlineData(12_000, 0, "sim-00001-a")]
    public void Device_ids_count_from_one_with_enough_digits_for_the_fleet(int devices, int index, string id) =>
        Assert.Equal(id, new SimulationOptions { Devices = devices }.DeviceId(index));

    public static TheoryData<SimulationOptions, string> Invalid => new()
    {
        { new() { Devices = 0 }, nameof(SimulationOptions.Devices) },
        { new() { Prefix = "Rack_1" }, nameof(SimulationOptions.Prefix) },
        { new() { Prefix = new string('p', 26) }, nameof(SimulationOptions.Prefix) },
        { new() { Rails = 5 }, nameof(SimulationOptions.Rails) },
        { new() { WindowSeconds = 0 }, nameof(SimulationOptions.WindowSeconds) },
        { new() { Speed = 0 }, nameof(SimulationOptions.Speed) },
        { new() { DurationSeconds = -1 }, nameof(SimulationOptions.DurationSeconds) },
        { new() { Threads = 0 }, nameof(SimulationOptions.Threads) },
        { new() { BrokerPort = 0 }, nameof(SimulationOptions.BrokerPort) },
        { new() { DevicePassword = "x", GeneratePasswords = true }, nameof(SimulationOptions.DevicePassword) },
        { new() { Password = "x" }, nameof(SimulationOptions.Password) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Wrong_options_are_refused_naming_the_option(SimulationOptions options, string option) =>
        Assert.Equal(option, Assert.Throws<ArgumentException>(options.Validate).ParamName);

    [Fact]
    public void The_defaults_are_valid() => new SimulationOptions().Validate();
}
