using System.Globalization;
using System.Text;
using Metering.Collector.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Metering.Collector.Api;

/// <summary>
/// <c>GET /api/v1/dead-letters?reason=&amp;limit=&amp;before=</c>: the refused messages, newest first, one page at a time
/// (at most <see cref="MaxLimit"/>), each payload cut to its first <see cref="PayloadPreviewBytes"/> bytes with the
/// whole payload's size and SHA-256 (as the store kept them) and <c>payload_truncated</c> saying so, and a <c>Link: &lt;...&gt;; rel="next"</c> header (RFC 8288) while
/// older letters remain. Always behind the admin or read-only token: payloads are whatever reached the broker. One
/// unauthenticated call used to return every stored payload whole (111.5 MB in one answer).
/// </summary>
internal static class DeadLetterApi
{
    /// <summary>Letters per page when no limit is given.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Most letters per page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Bytes of each payload the answer shows (the full size is in <c>payload_bytes</c>).</summary>
    public const int PayloadPreviewBytes = 1024;

    private static readonly string[] Known = ["reason", "limit", "before"];

    /// <summary>Maps the endpoint.</summary>
    public static void Map(WebApplication app, DeadLetterStore letters, ApiAuthorization auth)
    {
        app.MapGet("/api/v1/dead-letters", (HttpContext http) =>
        {
            if (auth.Protected(http) is { } refusal)
            {
                return refusal;
            }

            var query = http.Request.Query;
            if (query.Keys.FirstOrDefault(k => !Known.Contains(k)) is { } unknown)
            {
                return Problem($"{unknown}: unknown parameter (known: {string.Join(", ", Known)})");
            }

            var limit = DefaultLimit;
            if (query.TryGetValue("limit", out var l) && !(int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit))
            {
                return Problem($"limit: must be 1..{MaxLimit}, got '{l}'");
            }

            long? before = null;
            if (query.TryGetValue("before", out var b))
            {
                if (!long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
                {
                    return Problem($"before: a letter id (a positive integer, from the previous page's Link header), got '{b}'");
                }

                before = id;
            }

            var reason = query.TryGetValue("reason", out var r) && !string.IsNullOrEmpty(r) ? r.ToString() : null;

            // One more than the page tells whether a next page exists.
            var page = letters.Recent(limit + 1, reason, before);
            if (page.Count > limit)
            {
                page = [.. page.Take(limit)];
                var next = QueryString.Create([new("limit", limit.ToString(CultureInfo.InvariantCulture)), new("before", page[^1].Id.ToString(CultureInfo.InvariantCulture)),
                    .. reason is null ? Array.Empty<KeyValuePair<string, string?>>() : [new("reason", reason)]]);
                http.Response.Headers.Link = $"</api/v1/dead-letters{next}>; rel=\"next\"";
            }

            return Results.Json(page.Select(letter => new
            {
                id = letter.Id,
                received = HttpApi.Iso(letter.ReceivedMs),
                topic = letter.Topic,
                reason = letter.Reason,
                detail = letter.Detail,
                payload = Encoding.UTF8.GetString(letter.Payload, 0, Math.Min(letter.Payload.Length, PayloadPreviewBytes)),
                payload_bytes = letter.PayloadBytes,
                payload_truncated = letter.PayloadBytes > Math.Min(letter.Payload.Length, PayloadPreviewBytes),
                payload_sha256 = letter.PayloadSha256,
            }));
        });
    }

    private static IResult Problem(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest);
}
