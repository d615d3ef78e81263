namespace Metering.Protocol.Tests;

public sealed class TopicTests
{
    [Theory]
    [InlineData("metering/v1/rack12-node07-a/telemetry", "rack12-node07-a", MessageKind.Telemetry)]
    [InlineData("metering/v1/a/status", "a", MessageKind.Status)]
    [InlineData("metering/v1/0-0/config", "0-0", MessageKind.Config)]
    [InlineData("metering/v1/abcdefghijklmnopqrstuvwxyz012345/event", "abcdefghijklmnopqrstuvwxyz012345", MessageKind.Event)]
    public void Parses_v1_topics(string topic, string device, MessageKind kind)
    {
        Assert.True(Topics.TryParse(topic, out var d, out var k));
        Assert.Equal((device, kind), (d, k));
        Assert.Equal(topic, Topics.For(d, k));
    }

    [Theory]
    [InlineData("")]
    [InlineData("metering/v1/")]
    [InlineData("metering/v1//telemetry")]
    [InlineData("metering/v2/a/telemetry")]
    [InlineData("metering/v1/A/telemetry")]
    [InlineData("metering/v1/a_b/telemetry")]
    [InlineData("metering/v1/a/telemetry/extra")]
    [InlineData("metering/v1/a/Telemetry")]
    [InlineData("metering/v1/a/")]
    [InlineData("metering/v1/+/telemetry")]
    [InlineData("metering/v1/abcdefghijklmnopqrstuvwxyz0123456/event")]
    [InlineData("xmetering/v1/a/status")]
    public void Refuses_anything_else(string topic)
    {
        Assert.False(Topics.TryParse(topic, out var d, out var k));
        Assert.Null(d);
        Assert.Equal(MessageKind.Unknown, k);
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("rack12-node07-a", true)]
    [InlineData("-", true)]
    [InlineData("", false)]
    [InlineData("Rack", false)]
    [InlineData("a b", false)]
    [InlineData("a.b", false)]
    [InlineData("a/b", false)]
    [InlineData("é", false)]
    [InlineData("abcdefghijklmnopqrstuvwxyz012345", true)]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123456", false)]
    public void Device_id_rule(string id, bool valid) => Assert.Equal(valid, DeviceId.IsValid(id));

    [Fact]
    public void Building_a_topic_for_a_bad_id_throws_naming_the_parameter()
    {
        var e = Assert.Throws<ArgumentException>(() => Topics.For("Bad_Id", MessageKind.Telemetry));
        Assert.Equal("deviceId", e.ParamName);
    }

    [Fact]
    public void Wildcard_filters_match_the_templates()
    {
        Assert.Equal("metering/v1/+/telemetry", Topics.AllTelemetry);
        Assert.Equal("metering/v1/+/status", Topics.AllStatus);
        Assert.Equal("metering/v1/+/event", Topics.AllEvents);
        Assert.Equal(4, Topics.Templates.Length);
    }
}
