using System.Text.Json;
using Metering.Collector.Attribution;
using Metering.Collector.Host;
using Metering.Collector.Jobs;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Api;

/// <summary>
/// The HTTP job API (Jobs/README.md): start and end jobs, list and show them, post power estimates. Calls that change
/// state need <c>Authorization: Bearer TOKEN</c>: the admin token, or a node token for a job on its node
/// (<see cref="ApiAuthorization"/>); reads need the admin or read-only token when <see cref="ApiAccess.ReadsNeedToken"/>. Every write goes through the
/// <see cref="JobStore"/>, which saves it durably before the answer is sent, and is idempotent: a repeated start or
/// end answers 200 with the stored job. Errors are RFC 7807 problem documents whose <c>detail</c> names the field.
/// </summary>
public static class JobApi
{
    /// <summary>Largest request body read, bytes (10,000 estimates fit).</summary>
    public const int MaxBodyBytes = 4 << 20;

    /// <summary>Maps the endpoints onto <paramref name="app"/>.</summary>
    public static void Map(IEndpointRouteBuilder app, JobStore jobs, IPointReader? reader, ApiAccess access, CollectorMetrics metrics, TimeProvider time, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(metrics);
        var refused = ApiAuthorization.RefusedCounter(metrics.Registry);
        var estimateGate = new Lock();
        long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
        var auth = new ApiAuthorization(access, refused, log);
        var guard = new Guard(auth, refused, log);

        app.MapPost("/api/v1/jobs", Handler(http => guard.WriteAsync(http, (caller, body) =>
        {
            var job = JobRequests.Start(body, Now());
            if (auth.MayStart(caller, job) is { } forbidden)
            {
                return forbidden;
            }

            var known = jobs.Find(job.Id) is not null;
            return Json(JobJson.Write(jobs.Start(job)), known ? StatusCodes.Status200OK : StatusCodes.Status201Created);
        })));

        app.MapPost("/api/v1/jobs/{id}/end", (HttpContext http, string id) => guard.WriteAsync(http, (caller, body) =>
        {
            // Who said it is the token, never a name the caller chose; "slurm:N" ends N's latest run (the Epilog
            // knows only Slurm's job id).
            var end = JobRequests.End(id, body, Now()) with
            {
                Id = jobs.LatestRunOf(id),
                By = caller.Role == ApiRole.Node ? JobEndSources.Node(caller.Node!) : JobEndSources.Admin,
            };
            if (caller.Role == ApiRole.Node)
            {
                if (jobs.Find(end.Id) is not { } job)
                {
                    return guard.NotFound(id);
                }

                if (auth.MayEnd(caller, job) is { } forbidden)
                {
                    return forbidden;
                }
            }

            var stored = jobs.End(end);
            return stored is null ? guard.NotFound(id) : Json(JobJson.Write(stored), StatusCodes.Status200OK);
        }));

        app.MapPost("/api/v1/estimates", Handler(http => guard.WriteAsync(http, (caller, body) =>
        {
            if (auth.MayEstimate(caller) is { } forbidden)
            {
                return forbidden;
            }

            var estimates = JobRequests.Estimates(body);
            if (estimates.FirstOrDefault(e => jobs.Find(e.JobId) is null) is { } orphan)
            {
                return guard.NotFound(orphan.JobId);
            }

            List<PowerEstimate> added;
            lock (estimateGate)
            {
                // A retried POST repeats estimates already stored: keep one of each, so retries never add weight. One write for all.
                added = [.. estimates.Distinct().Where(e => !jobs.EstimatesOn(e.NodeId, e.FromMs, e.ToMs).Contains(e))];
                jobs.AddEstimates(added);
            }

            return Json($$"""{"received":{{estimates.Count}},"added":{{added.Count}}}""", StatusCodes.Status200OK);
        })));

        app.MapGet("/api/v1/jobs", (HttpContext http) =>
        {
            if (auth.Read(http) is { } refusal)
            {
                return refusal;
            }

            try
            {
                var query = JobQuery.Parse(http.Request.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString()));
                return Json(JobJson.WriteAll(query.Apply(jobs.All(), Now())), StatusCodes.Status200OK);
            }
            catch (BadRequestException e)
            {
                return guard.BadRequest(e.Message);
            }
        });

        app.MapGet("/api/v1/jobs/{id}", async (HttpContext http, string id, CancellationToken ct) =>
        {
            if (auth.Read(http) is { } refusal)
            {
                return refusal;
            }

            if (jobs.Find(id) is not { } job)
            {
                return guard.NotFound(id);
            }

            return Json(JobJson.Write(job, await SummaryAsync(job, reader, log, ct), withSummary: true), StatusCodes.Status200OK);
        });
    }

    private static async Task<Point?> SummaryAsync(Job job, IPointReader? reader, ILogger log, CancellationToken ct)
    {
        if (reader is null)
        {
            return null;
        }

        try
        {
            var points = await reader.QueryAsync(AttributionPoints.JobSummaryMeasurement, new Dictionary<string, string> { ["job"] = job.Id }, job.StartMs, job.StartMs + 1, ct);
            return points.Count > 0 ? points[^1] : null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Job {Job}: its job_summary point could not be read: {Error}", job.Id, e.Message);
            return null;
        }
    }

    // Typed as Delegate so that minimal APIs write the returned IResult (a lambda of HttpContext alone would bind as a
    // RequestDelegate, whose result is discarded).
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handle) => handle;

    private static IResult Json(string json, int status) => Results.Text(json, "application/json; charset=utf-8", statusCode: status);

    /// <summary>Token checks, body reading and refusals, counted by reason.</summary>
    private sealed class Guard(ApiAuthorization auth, Prometheus.Counter refused, ILogger log)
    {
        public async Task<IResult> WriteAsync(HttpContext http, Func<ApiCaller, JsonElement, IResult> handle)
        {
            var (caller, refusal) = auth.Write(http);
            if (refusal is not null)
            {
                return refusal;
            }

            if (http.Request.ContentLength > MaxBodyBytes)
            {
                return BadRequest($"body: larger than {MaxBodyBytes} bytes");
            }

            try
            {
                using var document = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
                return handle(caller, document.RootElement);
            }
            catch (JsonException e)
            {
                return BadRequest($"body: not JSON ({e.Message})");
            }
            catch (BadRequestException e)
            {
                return BadRequest(e.Message);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
            {
                // Not saved, so not acknowledged: the caller retries (the CLI does, on 5xx).
                log.LogError(e, "The job store could not save a change");
                return Results.Problem($"the job store could not save the change ({e.Message}); nothing was acknowledged, retry later",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        }

        public IResult BadRequest(string detail)
        {
            refused.WithLabels("bad_request").Inc();
            return Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest);
        }

        public IResult NotFound(string id)
        {
            refused.WithLabels("not_found").Inc();
            return Results.Problem($"unknown job '{id}'", statusCode: StatusCodes.Status404NotFound);
        }
    }
}
