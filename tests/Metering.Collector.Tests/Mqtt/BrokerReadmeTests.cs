using System.Reflection;
using System.Text.RegularExpressions;
using Metering.Collector.Mqtt;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>The README's mosquitto configuration is the one <see cref="MosquittoConfig"/> prints and the tests run.</summary>
public sealed partial class BrokerReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(
        typeof(BrokerReadmeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!,
        "collector/Metering.Collector.Adapters/Mqtt/README.md"));

    [Fact]
    public void The_documented_acl_file_is_the_generated_one() =>
        Assert.Equal(MosquittoConfig.AclFile(["collector"]), Block("acl"));

    [Fact]
    public void The_documented_mosquitto_conf_holds_the_generated_authentication_and_queue_settings()
    {
        var conf = Block("mosquitto.conf");

        Assert.Contains(MosquittoConfig.Authentication("/etc/mosquitto/metering.passwd", "/etc/mosquitto/metering.acl"), conf);
        Assert.Contains(MosquittoConfig.Queues(), conf);
        Assert.Contains(MosquittoConfig.PacketSize(), conf);
        Assert.Contains("listener 1883 127.0.0.1\n", conf);
    }

    private static string Block(string name)
    {
        var match = BlockAfterMarker().Matches(Readme).Single(m => m.Groups[1].Value == name);
        return match.Groups[2].Value;
    }

    [GeneratedRegex(@"<!-- ([a-z.]+) -->\n```\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BlockAfterMarker();
}
