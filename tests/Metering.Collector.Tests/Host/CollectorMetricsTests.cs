using Metering.Collector.Host;

namespace Metering.Collector.Tests.Host;

/// <summary>/metrics says what runs (metering_build_info) and carries the process and runtime metrics an SRE expects.</summary>
public sealed class CollectorMetricsTests
{
    [Fact]
    public async Task The_export_names_the_build_and_carries_process_and_runtime_metrics()
    {
        var text = await new CollectorMetrics().ExportAsync();

        Assert.Contains($"metering_build_info{{version=\"{CollectorMetrics.BuildVersion}\",runtime=\"{System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}\"}} 1", text, StringComparison.Ordinal);
        Assert.Matches(@"^\d+\.\d+\.\d+", CollectorMetrics.BuildVersion);
        Assert.Contains("\nprocess_cpu_seconds_total ", text, StringComparison.Ordinal);
        Assert.Contains("\nprocess_working_set_bytes ", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_collection_count_total{generation=\"0\"}", text, StringComparison.Ordinal);
    }
}
