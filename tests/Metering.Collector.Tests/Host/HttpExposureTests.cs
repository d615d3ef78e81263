using Metering.Collector.Host;
using Metering.Collector.Host.Settings;

namespace Metering.Collector.Tests.Host;

/// <summary>
/// When reads need a token: exactly when Http:Url is reachable beyond loopback, unless Http:ReadsNeedToken says
/// otherwise. Tests never listen beyond 127.0.0.1, so the rule is this table; the API tests force its outcome with
/// Http:ReadsNeedToken=true on loopback, which takes the same path through the API.
/// </summary>
public sealed class HttpExposureTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://127.8.9.10:8080", true)]
    [InlineData("https://localhost:8443", true)]
    [InlineData("http://LocalHost:1", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://[::ffff:127.0.0.1]:8080", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("http://192.168.1.10:8080", false)]
    [InlineData("http://10.0.0.1", false)]
    [InlineData("https://collector.example:8443", false)]
    [InlineData("http://localhost.example:8080", false)]
    [InlineData("not a url", false)]
    public void A_url_is_loopback_only_when_its_host_is_a_loopback_address_or_localhost(string url, bool loopback) =>
        Assert.Equal(loopback, HttpSettings.IsLoopbackOnly(url));

    [Theory]
    [InlineData("http://127.0.0.1:8080", null, false)]
    [InlineData("http://0.0.0.0:8080", null, true)]
    [InlineData("http://collector.example:8080", null, true)]
    [InlineData("http://127.0.0.1:8080", true, true)]
    [InlineData("http://127.0.0.1:8080", false, false)]
    [InlineData("http://0.0.0.0:8080", true, true)]
    public void Reads_need_a_token_beyond_loopback_unless_configured(string url, bool? configured, bool inEffect) =>
        Assert.Equal(inEffect, new HttpSettings { Url = url, ReadsNeedToken = configured }.ReadsNeedTokenInEffect);

    [Fact]
    public void Open_reads_beyond_loopback_are_refused_by_name()
    {
        var errors = new HttpSettings { Url = "http://0.0.0.0:8080", ReadsNeedToken = false }.Validate().ToList();

        Assert.StartsWith("Http:ReadsNeedToken=false with Http:Url http://0.0.0.0:8080, which is reachable beyond loopback", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("node-a")]
    [InlineData("gpu.a07")]
    [InlineData("rack:12:n7")]
    public void A_node_token_names_its_node_and_only_the_admin_token_that_made_it_accepts_it(string node)
    {
        const string admin = "admin-token-0123456789abcdef";
        var token = ApiToken.NodeToken(admin, node);
        var access = new ApiAccess(ApiToken.Resolve(admin, "unused", Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance), null, readsNeedToken: true);
        var other = new ApiAccess(ApiToken.Resolve("another-admin-token-0123456789", "unused", Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance), null, readsNeedToken: true);

        Assert.Matches($"^node:{System.Text.RegularExpressions.Regex.Escape(node)}:[0-9a-f]{{32}}$", token);
        Assert.Equal(new ApiCaller(ApiRole.Node, node), access.Identify("Bearer " + token));
        Assert.Equal(ApiCaller.Anonymous, other.Identify("Bearer " + token));
        Assert.Equal(ApiCaller.Anonymous, access.Identify("Bearer " + token.Replace($"node:{node}:", "node:node-b:", StringComparison.Ordinal)));
        Assert.Equal(ApiCaller.Anonymous, access.Identify("Bearer " + token[..^1] + (token[^1] == '0' ? '1' : '0')));
    }
}
