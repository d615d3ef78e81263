using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Metering.Collector.Files;
using Metering.Collector.Host;
using Metering.Collector.Tests.EndToEnd;

namespace Metering.Collector.Tests.Api;

/// <summary>
/// GET /api/v1/dead-letters on a real collector: behind a token even on loopback, a page at a time with a Link to the
/// next, and each payload cut to its first KiB with its size and a flag saying so (one unauthenticated call used to
/// return every stored payload whole).
/// </summary>
public sealed partial class DeadLetterApiTests : IAsyncLifetime
{
    private readonly string _data = Collectors.TempDirectory();
    private JobApiServer _server = null!;
    private HttpClient _reader = null!;

    public async Task InitializeAsync()
    {
        _server = await JobApiServer.StartAsync(JobApiServer.Options(_data));
        _reader = _server.Client(ApiToken.Read(new DataDirectory(_data).ApiReadToken));
    }

    public async Task DisposeAsync()
    {
        _reader.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Dead_letters_need_a_token_even_on_loopback()
    {
        _server.Collector.DeadLetters.Add(1_740_000_000_000, "metering/v1/dev-a/telemetry", "malformed_json", null, "{"u8);

        using var response = await _server.Client().GetAsync("/api/v1/dead-letters");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("malformed_json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_follow_the_link_newest_first_until_every_letter_was_seen_once()
    {
        for (var i = 0; i < 5; i++)
        {
            _server.Collector.DeadLetters.Add(1_740_000_000_000 + i, $"metering/v1/dev-{i}/telemetry", i % 2 == 0 ? "malformed_json" : "device_mismatch", null, "{}"u8);
        }

        var seen = new List<string>();
        var next = "/api/v1/dead-letters?limit=2";
        var pages = 0;
        while (next is not null)
        {
            using var response = await _reader.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            seen.AddRange(page.RootElement.EnumerateArray().Select(l => l.GetProperty("topic").GetString()!));
            next = response.Headers.TryGetValues("Link", out var links) ? NextLink().Match(links.Single()).Groups[1].Value : null;
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(i => $"metering/v1/dev-{i}/telemetry"), seen);
        using var mismatches = JsonDocument.Parse(await _reader.GetStringAsync("/api/v1/dead-letters?reason=device_mismatch&limit=1"));
        Assert.Equal("metering/v1/dev-3/telemetry", Assert.Single(mismatches.RootElement.EnumerateArray()).GetProperty("topic").GetString());
    }

    [Fact]
    public async Task A_large_payload_is_cut_to_its_first_kib_and_the_answer_says_so()
    {
        var payload = Encoding.UTF8.GetBytes(new string('x', 50_000));
        _server.Collector.DeadLetters.Add(1_740_000_000_000, "metering/v1/dev-a/telemetry", "payload_too_large", "50000 bytes", payload);
        _server.Collector.DeadLetters.Add(1_740_000_000_001, "metering/v1/dev-b/telemetry", "malformed_json", null, "{"u8);

        using var page = JsonDocument.Parse(await _reader.GetStringAsync("/api/v1/dead-letters"));

        var (small, large) = (page.RootElement[0], page.RootElement[1]);
        Assert.Equal((1024, 50_000, true), (large.GetProperty("payload").GetString()!.Length, large.GetProperty("payload_bytes").GetInt32(), large.GetProperty("payload_truncated").GetBoolean()));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload)), large.GetProperty("payload_sha256").GetString());
        Assert.Equal(("{", 1, false), (small.GetProperty("payload").GetString(), small.GetProperty("payload_bytes").GetInt32(), small.GetProperty("payload_truncated").GetBoolean()));
    }

    [Theory]
    [InlineData("?limit=0", "limit: must be 1..1000, got '0'")]
    [InlineData("?limit=5000", "limit: must be 1..1000, got '5000'")]
    [InlineData("?before=x", "before: a letter id (a positive integer, from the previous page's Link header), got 'x'")]
    [InlineData("?offset=3", "offset: unknown parameter (known: reason, limit, before)")]
    public async Task A_bad_page_request_is_400_naming_the_parameter(string query, string detail)
    {
        using var response = await _reader.GetAsync("/api/v1/dead-letters" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(detail, problem.RootElement.GetProperty("detail").GetString());
    }

    [GeneratedRegex("^<([^>]+)>; rel=\"next\"$")]
    private static partial Regex NextLink();
}
