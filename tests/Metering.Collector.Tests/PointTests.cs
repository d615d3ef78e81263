using Metering.Collector.Points;

namespace Metering.Collector.Tests;

public sealed class PointTests
{
    [Fact]
    public void Tags_and_fields_are_found_by_key()
    {
        var p = new Point("m", [new Tag("node", "n1")], [new Field("energy_mj", 5L)], 1000);

        Assert.Equal("n1", p.Tag("node"));
        Assert.Null(p.Tag("site"));
        Assert.Equal(5L, p.Field("energy_mj"));
        Assert.Null(p.Field("x"));
    }
}
