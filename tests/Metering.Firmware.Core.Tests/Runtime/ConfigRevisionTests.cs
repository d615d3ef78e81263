namespace Metering.Firmware.Core.Tests.Runtime;

/// <summary>
/// A config revision names one content. The retained config coming back at reconnect (same rev, same content) is
/// not applied twice; a different content under a revision already applied is refused loudly, never ignored.
/// </summary>
public sealed class ConfigRevisionTests
{
    private const string Rev1 = """{"v":1,"device":"rack1-node1-a","rev":1,"window_s":10,"channels":[{"id":0,"kind":"pzem004t","addr":1}]}""";

    [Fact]
    public void The_same_revision_with_other_content_is_rejected_with_an_event_and_the_running_config_stays()
    {
        var h = new MeterHarness((0, new Host.Loads.ConstantLoad(1000), true));
        h.Configure(Rev1);

        h.Configure("""{"v":1,"device":"rack1-node1-a","rev":1,"window_s":60,"channels":[{"id":0,"kind":"pzem004t","addr":1}]}""");
        h.Run(TimeSpan.FromSeconds(1));

        var rejected = Assert.Single(h.Link.Events(), e => e.Kind == EventKinds.ConfigRejected);
        Assert.Equal(1, rejected.Rev);
        Assert.Contains("rev 1", rejected.Detail, StringComparison.Ordinal);
        Assert.Equal(10, h.Meter.Config!.EffectiveWindowSeconds);
    }

    [Fact]
    public void The_same_revision_and_content_in_another_layout_is_quietly_not_applied_again()
    {
        var h = new MeterHarness((0, new Host.Loads.ConstantLoad(1000), true));
        h.Configure(Rev1);

        h.Configure("""{ "channels": [ {"addr":1, "kind":"pzem004t", "id":0} ], "window_s": 10, "rev": 1, "device": "rack1-node1-a", "v": 1 }""");
        h.Run(TimeSpan.FromSeconds(1));

        Assert.Single(h.Link.Events(), e => e.Kind == EventKinds.ConfigApplied);
        Assert.DoesNotContain(h.Link.Events(), e => e.Kind == EventKinds.ConfigRejected);
    }
}
