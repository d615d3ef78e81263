using Metering.Collector.Host;
using Metering.Collector.Host.Settings;
using Metering.Collector.Slurm;
using Microsoft.Extensions.Configuration;

namespace Metering.Collector.Tests.Jobs;

/// <summary>The Jobs and Slurm sections of `metering serve`'s configuration: bound like every section, checked before start.</summary>
public sealed class JobOptionsTests
{
    public static TheoryData<string, CollectorSettings, string> Invalid => new()
    {
        { "short token", new() { Jobs = new() { Token = "short" } }, "Jobs:Token must be at least 16 characters without spaces (or unset, to use the generated api-token file)" },
        { "token with a space", new() { Jobs = new() { Token = "0123456789 abcdef" } }, "Jobs:Token must be at least 16 characters without spaces (or unset, to use the generated api-token file)" },
        { "interval", new() { Slurm = new() { Enabled = true, IntervalSeconds = 0 } }, "Slurm:IntervalSeconds must be 1..86400, got 0" },
        { "timeout", new() { Slurm = new() { Enabled = true, TimeoutSeconds = 0 } }, "Slurm:TimeoutSeconds must be 1..3600, got 0" },
        { "squeue", new() { Slurm = new() { Enabled = true, Squeue = " " } }, "Slurm:Squeue must name the squeue program" },
        { "conf", new() { Slurm = new() { Enabled = true, Conf = "/nonexistent/slurm.conf" } }, "Slurm:Conf '/nonexistent/slurm.conf' does not exist" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_problem_is_reported_naming_its_setting(string because, CollectorSettings options, string message)
    {
        Assert.True(options.Validate().Contains(message), $"{because}: {string.Join(" | ", options.Validate())}");
        var e = Assert.Throws<CollectorConfigurationException>(() => CollectorHost.Create(options, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disabled_slurm_section_is_not_checked_and_the_defaults_are_valid()
    {
        Assert.Empty(new CollectorSettings { Slurm = new() { Enabled = false, IntervalSeconds = 0, Conf = "/nonexistent" } }.Validate());
        Assert.Equal((false, 60, "squeue", null, 30, null), (new SlurmSettings().Enabled, new SlurmSettings().IntervalSeconds, new SlurmSettings().Squeue,
            new SlurmSettings().Conf, new SlurmSettings().TimeoutSeconds, new JobsSettings().Token));
    }

    [Fact]
    public void The_sections_bind_from_configuration_keys_as_serve_reads_them()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:Token"] = "0123456789abcdef-token" })
            .AddCommandLine(["--Slurm:Enabled=true", "--Slurm:IntervalSeconds=15", "--Slurm:Squeue=/opt/slurm/bin/squeue", "--Slurm:TimeoutSeconds=5"])
            .Build();

        var options = configuration.Get<CollectorSettings>()!;

        Assert.Equal("0123456789abcdef-token", options.Jobs.Token);
        Assert.Equal((true, 15, "/opt/slurm/bin/squeue", 5), (options.Slurm.Enabled, options.Slurm.IntervalSeconds, options.Slurm.Squeue, options.Slurm.TimeoutSeconds));
    }
}
