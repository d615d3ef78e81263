using Metering.Collector.Host;
using Metering.Collector.Jobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Api;

/// <summary>
/// Who may call what (README.md, "Tokens"): the answer to each request's Authorization header under the collector's
/// <see cref="ApiAccess"/>, and the refusals as RFC 7807 problem documents, counted in
/// <c>metering_job_api_refused_total</c> by reason (unauthorized: no valid token, 401; forbidden: a valid token that
/// does not allow the call, 403).
/// </summary>
internal sealed class ApiAuthorization(ApiAccess access, Prometheus.Counter refused, ILogger log)
{
    private const string NodeRule = "a node token may only start and end jobs on its own node";

    /// <summary>The access in force.</summary>
    public ApiAccess Access => access;

    /// <summary>Null when the caller may read (every read is open while reads need no token), else the refusal.</summary>
    public IResult? Read(HttpContext http) => access.ReadsNeedToken ? Protected(http) : null;

    /// <summary>Null when the caller holds the admin or read-only token, else the refusal (dead letters, and every read beyond loopback).</summary>
    public IResult? Protected(HttpContext http)
    {
        var caller = access.Identify(http.Request.Headers.Authorization.ToString());
        return caller.Role switch
        {
            ApiRole.Admin or ApiRole.Reader => null,
            ApiRole.Node => Forbidden($"{NodeRule}; reads need the admin or the read-only token"),
            _ => Unauthorized(http, "this call needs 'Authorization: Bearer TOKEN' with the collector's admin token (Jobs:Token, or the api-token file in its data directory) or its read-only token (Jobs:ReadToken, or the api-read-token file)"),
        };
    }

    /// <summary>The caller of a state-changing call, or the refusal: the admin token and node tokens may write.</summary>
    public (ApiCaller Caller, IResult? Refusal) Write(HttpContext http)
    {
        var caller = access.Identify(http.Request.Headers.Authorization.ToString());
        return caller.Role switch
        {
            ApiRole.Admin or ApiRole.Node => (caller, null),
            ApiRole.Reader => (caller, Forbidden("the read-only token cannot change anything: use the admin token (Jobs:Token, or the api-token file)")),
            _ => (caller, Unauthorized(http, "this call needs 'Authorization: Bearer TOKEN' with the collector's job API token (Jobs:Token, or the api-token file in its data directory), or a node token for its own node")),
        };
    }

    /// <summary>Null when <paramref name="caller"/> may start <paramref name="job"/>: a node token only a job on its node alone.</summary>
    public IResult? MayStart(ApiCaller caller, Job job)
    {
        if (caller.Role != ApiRole.Node || job.Allocations.All(a => a.NodeId == caller.Node))
        {
            return null;
        }

        var others = string.Join(", ", job.Allocations.Select(a => a.NodeId).Where(n => n != caller.Node).Distinct());
        return ForbiddenFor(caller, $"job '{job.Id}' names node(s) {others}");
    }

    /// <summary>Null when <paramref name="caller"/> may end <paramref name="job"/>: a node token only a job that runs on its node.</summary>
    public IResult? MayEnd(ApiCaller caller, Job job) =>
        caller.Role != ApiRole.Node || job.Allocations.Any(a => a.NodeId == caller.Node)
            ? null
            : ForbiddenFor(caller, $"job '{job.Id}' runs on {string.Join(", ", job.Allocations.Select(a => a.NodeId))}");

    /// <summary>Null when <paramref name="caller"/> may post power estimates: not a node token.</summary>
    public IResult? MayEstimate(ApiCaller caller) =>
        caller.Role == ApiRole.Node ? ForbiddenFor(caller, "power estimates need the admin token") : null;

    private IResult ForbiddenFor(ApiCaller caller, string what)
    {
        log.LogWarning("HTTP API: the node token of {Node} was refused: {What}", caller.Node, what);
        return Forbidden($"this is the node token of '{caller.Node}' and {what}: {NodeRule}");
    }

    private IResult Forbidden(string detail)
    {
        refused.WithLabels("forbidden").Inc();
        return Results.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");
    }

    private IResult Unauthorized(HttpContext http, string detail)
    {
        refused.WithLabels("unauthorized").Inc();
        http.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(detail, statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>The refusal counter of <paramref name="registry"/> (created once, shared by every endpoint).</summary>
    public static Prometheus.Counter RefusedCounter(Prometheus.CollectorRegistry registry) =>
        Prometheus.Metrics.WithCustomRegistry(registry).CreateCounter(
            "metering_job_api_refused_total", "HTTP API calls refused, by reason (unauthorized, forbidden, bad_request, not_found).", "reason");
}
