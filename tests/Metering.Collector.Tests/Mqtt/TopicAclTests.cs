using Metering.Collector.Mqtt;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>The topic rules as a table: each row is a principal, a topic or filter, and the answer (null: allowed).</summary>
public sealed class TopicAclTests
{
    private static readonly Principal DevA = new(PrincipalRole.Device, "dev-a");
    private static readonly Principal Collector = new(PrincipalRole.Service, "collector");
    private static readonly Principal LocalA = new(PrincipalRole.Local, "dev-a");

    public static TheoryData<string, string, string?> Publishes => new()
    {
        { "device", "metering/v1/dev-a/telemetry", null },
        { "device", "metering/v1/dev-a/status", null },
        { "device", "metering/v1/dev-a/event", null },
        { "device", "metering/v1/dev-a/config", RefusalReasons.ConfigByDevice },
        { "device", "metering/v1/dev-b/telemetry", RefusalReasons.ForeignDevice },
        { "device", "metering/v1/dev-b/config", RefusalReasons.ForeignDevice },
        { "device", "metering/v1/dev-a/telemetry/x", RefusalReasons.InvalidTopic },
        { "device", "metering/v1/dev-a/", RefusalReasons.InvalidTopic },
        { "device", "metering/v1/Dev-A/telemetry", RefusalReasons.InvalidTopic },
        { "device", "metering/v2/dev-a/telemetry", RefusalReasons.OutsideNamespace },
        { "device", "dev-a/telemetry", RefusalReasons.OutsideNamespace },
        { "service", "metering/v1/dev-a/config", null },
        { "service", "metering/v1/dev-a/telemetry", RefusalReasons.DeviceMessageByService },
        { "service", "metering/v1/collector/status", RefusalReasons.DeviceMessageByService },
        { "service", "collector/health", RefusalReasons.OutsideNamespace },
        { "local", "metering/v1/dev-a/telemetry", null },
        { "local", "metering/v1/dev-b/event", RefusalReasons.ForeignDevice },
        { "local", "metering/v1/dev-b/config", null },
        { "local", "other/topic", RefusalReasons.OutsideNamespace },
    };

    public static TheoryData<string, string, string?> Subscriptions => new()
    {
        { "device", "metering/v1/dev-a/config", null },
        { "device", "metering/v1/dev-b/config", RefusalReasons.NotOwnConfig },
        { "device", "metering/v1/+/config", RefusalReasons.NotOwnConfig },
        { "device", "metering/v1/dev-a/#", RefusalReasons.NotOwnConfig },
        { "device", "metering/v1/dev-a/telemetry", RefusalReasons.NotOwnConfig },
        { "device", "#", RefusalReasons.NotOwnConfig },
        { "service", "metering/v1/#", null },
        { "service", "metering/v1/+/telemetry", null },
        { "service", "$share/collectors/metering/v1/+/telemetry", null },
        { "service", "$share/collectors/#", RefusalReasons.OutsideNamespace },
        { "service", "#", RefusalReasons.OutsideNamespace },
        { "service", "metering/#", RefusalReasons.OutsideNamespace },
        { "local", "#", null },
    };

    [Theory]
    [MemberData(nameof(Publishes))]
    public void Who_may_publish_where(string who, string topic, string? expected) =>
        Assert.Equal(expected, TopicAcl.CheckPublish(Of(who), topic));

    [Theory]
    [MemberData(nameof(Subscriptions))]
    public void Who_may_subscribe_to_what(string who, string filter, string? expected) =>
        Assert.Equal(expected, TopicAcl.CheckSubscribe(Of(who), filter));

    private static Principal Of(string who) => who switch
    {
        "device" => DevA,
        "service" => Collector,
        _ => LocalA,
    };
}
