using Metering.Collector.Storage;
using Metering.Testing;

namespace Metering.Collector.Tests.Storage;

/// <summary>The InfluxDB 1.x sink against a real influxd with auth-enabled: basic-auth credentials, and a refusal that is retried.</summary>
public sealed class InfluxV1AuthTests : IDisposable
{
    private readonly InfluxDbServer _server = InfluxDbServer.Start(authEnabled: true);

    public InfluxV1AuthTests() => _server.Execute("CREATE USER \"metering\" WITH PASSWORD 's3cret pass' WITH ALL PRIVILEGES");

    public void Dispose() => _server.Dispose();

    private InfluxV1Settings Options(string? user, string? password) =>
        new() { Url = _server.Url, Database = "secured", CreateDatabase = true, Username = user, Password = password };

    [Fact]
    public async Task With_the_right_credentials_points_are_written_and_read()
    {
        using var sink = new InfluxV1Sink(Options("metering", "s3cret pass"));
        await sink.WriteAsync("m,node=n1 v=1i 1\n"u8.ToArray(), CancellationToken.None);

        var point = Assert.Single(await sink.QueryAsync("m", new Dictionary<string, string>(), 0, 10, CancellationToken.None));
        Assert.Equal("m | node=n1 | v:Int64=1 | 1", PointText.Describe(point));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("metering", "wrong")]
    public async Task Missing_or_wrong_credentials_are_a_retryable_401(string? user, string? password)
    {
        using var sink = new InfluxV1Sink(Options(user, password) with { CreateDatabase = false });
        var e = await Assert.ThrowsAsync<SinkException>(() => sink.WriteAsync("m v=1i 1\n"u8.ToArray(), CancellationToken.None));

        Assert.Equal((401, false), (e.StatusCode, e.Permanent));
    }
}
