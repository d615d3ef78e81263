using System.Globalization;
using Metering.Collector.Host;
using Metering.Collector.Ingest;
using Metering.Collector.Nodes;
using Metering.Collector.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Metering.Collector.Api;

/// <summary>
/// The collector's HTTP API (loopback by default): <c>/health</c>, <c>/metrics</c> (Prometheus),
/// <c>/api/v1/devices</c>, <c>/api/v1/nodes/{node}/power?from=&amp;to=</c>, <c>/api/v1/dead-letters</c>.
/// Read-only; the job API (<see cref="JobApi"/>, mapped by the overload that takes the whole collector) changes state
/// with a token. <c>/health</c> and <c>/metrics</c> are open; the other reads need the admin or read-only token when
/// <see cref="ApiAccess.ReadsNeedToken"/> (beyond loopback), and dead letters always do (README.md, "Tokens").
/// </summary>
public static class HttpApi
{
    /// <summary>Maps every endpoint of <paramref name="collector"/>: the read-only ones and the job API.</summary>
    public static void Map(WebApplication app, CollectorHost collector, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(collector);
        Map(app, collector.Status, collector.Metrics, collector.Ingest, collector.Reader, collector.DeadLetters, collector.Access, time);
        JobApi.Map(app, collector.Jobs, collector.Reader, collector.Access, collector.Metrics, time, app.Logger);
    }

    /// <summary>Maps the endpoints.</summary>
    public static void Map(WebApplication app, CollectorStatus status, CollectorMetrics metrics, IngestState state, IPointReader? reader, DeadLetterStore deadLetters, ApiAccess access, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(metrics);
        var auth = new ApiAuthorization(access, ApiAuthorization.RefusedCounter(metrics.Registry), app.Logger);
        app.MapGet("/", () => Results.Json(new
        {
            service = "metering collector",
            version = CollectorMetrics.BuildVersion,
            endpoints = new[]
            {
                "/health", "/metrics", "/api/v1/devices", "/api/v1/nodes/{node}/power?from=&to=", "/api/v1/jobs", "/api/v1/jobs/{id}",
                "/api/v1/dead-letters",
            },
            documentation = "collector/Metering.Collector.Api/README.md in the metering repository",
        }));

        app.MapGet("/health", () =>
        {
            var s = status.Snapshot();
            return Results.Json(s, SnakeCase, statusCode: s.Healthy ? 200 : 503);
        });

        app.MapGet("/metrics", async (HttpContext http) =>
        {
            status.Refresh();
            http.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await http.Response.WriteAsync(await metrics.ExportAsync());
        });

        app.MapGet("/api/v1/devices", (HttpContext http) =>
        {
            if (auth.Read(http) is { } refusal)
            {
                return refusal;
            }

            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            return Results.Json(state.Devices.All().Select(d => new
            {
                device = d.DeviceId,
                state = d.State,
                online = d.State == "online" && now - d.LastSeenMs <= DeviceRegistry.StaleAfterMs,
                last_seen = Iso(d.LastSeenMs),
                last_telemetry = d.LastTelemetryMs > 0 ? Iso(d.LastTelemetryMs) : null,
                firmware = d.Firmware,
                boot = d.Boot,
                config_rev = d.ConfigRev,
                clock_synced = d.ClockSynced,
                channels = d.Channels,
                telemetry_messages = d.TelemetryMessages,
                duplicates = d.Duplicates,
                rejected = d.Rejected,
                last_rejection = d.LastRejection,
                last_event = d.LastEvent,
                heap_free_b = d.Status?.HeapFreeBytes is >= 0 and var heap ? heap : (long?)null,
                queue_depth = d.Status?.QueueDepth is >= 0 and var depth ? depth : (long?)null,
                queue_dropped = d.Status?.QueueDropped is >= 0 and var dropped ? dropped : (long?)null,
                reconnects = d.Status?.Reconnects is >= 0 and var rc ? rc : (long?)null,
                channel_health = d.Status?.Channels?.Select(c => new { id = c.ChannelId, kind = Metering.Protocol.SensorKinds.Name(c.Kind), errors = c.ErrorCount, fault = c.Fault }),
            }));
        });

        app.MapGet("/api/v1/nodes/{node}/power", async (HttpContext http, string node, string? from, string? to, CancellationToken ct) =>
        {
            if (auth.Read(http) is { } refusal)
            {
                return refusal;
            }

            if (reader is null)
            {
                return Results.Problem("the configured sink cannot answer queries (InfluxDB 2: use its own query API)", statusCode: 501);
            }

            var now = time.GetUtcNow();
            if (!TryTime(from, now.AddHours(-1), out var fromMs) || !TryTime(to, now, out var toMs) || toMs <= fromMs)
            {
                return Results.Problem("from and to are ISO-8601 UTC times or Unix milliseconds, with from < to", statusCode: 400);
            }

            var points = await reader.QueryAsync(NodePoints.NodeEnergy, new Dictionary<string, string> { ["node"] = node }, fromMs, toMs, ct);
            if (points.Count == 0 && !state.KnowsNode(node))
            {
                // An empty 200 would read as "no power in this range" for a node id that is simply wrong.
                return Results.Problem($"no node '{node}' in the inventory, and none measured in the range", statusCode: 404);
            }

            return Results.Json(new
            {
                node,
                from = Iso(fromMs),
                to = Iso(toMs),
                points = points.Select(p => new
                {
                    t = Iso(p.TimestampMs),
                    power_w = Convert.ToInt64(p.Field("p_mean_mw"), CultureInfo.InvariantCulture) / 1000.0,
                    energy_j = Convert.ToInt64(p.Field("energy_mj"), CultureInfo.InvariantCulture) / 1000.0,
                    coverage = p.Field("coverage"),
                    complete = p.Field("complete"),
                }),
            });
        });

        DeadLetterApi.Map(app, deadLetters, auth);
    }

    /// <summary>The API's one JSON style: snake_case, as the jobs, devices and reports already write it (/health was camelCase).</summary>
    private static readonly System.Text.Json.JsonSerializerOptions SnakeCase = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
    };

    internal static string Iso(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static bool TryTime(string? text, DateTimeOffset fallback, out long ms)
    {
        if (string.IsNullOrEmpty(text))
        {
            ms = fallback.ToUnixTimeMilliseconds();
            return true;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out ms))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            ms = t.ToUnixTimeMilliseconds();
            return true;
        }

        return false;
    }
}
