using System.Reflection;
using Metering.Collector.Bench;
using Metering.Collector.Tests.Simulation;
using Xunit.Abstractions;

namespace Metering.Collector.Tests.Bench;

/// <summary>
/// <c>metering bench load</c> in small: the virtual fleet against a real <c>metering serve</c>, audited against every
/// meter's own counters. The collector's high-water mark is lowered so that flow control holds the meters at every
/// window, the path a 3,000-device site takes (README.md, "Benchmarks"); nothing may be lost or dropped.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class LoadBenchTests(ITestOutputHelper output)
{
    private static readonly string Dll = typeof(LoadBenchTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MeteringDll").Value!;

    [Fact]
    public async Task Two_hundred_meters_held_by_flow_control_lose_no_window_and_no_joule()
    {
        var options = new LoadOptions
        {
            Devices = 200, WindowSeconds = 1, Duration = TimeSpan.FromSeconds(15), Rails = 1, Threads = 2, MeteringDll = Dll,
            Drain = TimeSpan.FromSeconds(30), Settle = TimeSpan.FromSeconds(60), ProgressInterval = TimeSpan.FromSeconds(5),
            CollectorSettings = ["Broker:CollectorHighWaterMessages=50"],
        };
        using var log = new StringWriter();

        var report = await LoadRun.RunAsync(options, log, CancellationToken.None);
        output.WriteLine(log + report.Text());

        var a = report.Accounting;
        Assert.True(report.Passed, report.Text());
        Assert.Equal((0L, 0L, 0L), (a.Lost, a.EnergyMismatches, report.Collector.BrokerDropped));
        Assert.Equal(a.WindowsClosed, a.Stored + a.Bridged + a.LeftOnDevices);
        Assert.True(a.WindowsClosed >= 200 * 10, $"only {a.WindowsClosed} windows closed");
        Assert.True(report.Collector.HeldPublishes > 0, "flow control never held a meter: the test did not take the path it is for");
        Assert.Equal(0, report.Collector.UnhealthySamples);
    }
}
