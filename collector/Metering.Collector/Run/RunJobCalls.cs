using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Metering.Collector.Api;

namespace Metering.Collector.Run;

/// <summary>
/// The job API calls <c>metering run</c> makes, over the CLI's <see cref="JobApiClient"/> (retries within its time
/// budget): register the job, end it, read its stored summary, and see whether a node's buckets past an instant have
/// been measured. A failed call throws <see cref="JobApiException"/> with the client's message for people.
/// </summary>
public sealed class RunJobCalls(JobApiClient client)
{
    /// <summary>Registers <paramref name="job"/> (source <c>run</c>).</summary>
    public Task StartAsync(RunJob job, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["id"] = job.Id,
            ["source"] = "run",
            ["start_ms"] = job.StartMs,
            ["allocations"] = new JsonArray(new JsonObject
            {
                ["node"] = job.NodeId,
                ["gpus"] = new JsonArray([.. job.Gpus.Select(g => (JsonNode)g)]),
                ["cpus"] = job.Cpus,
            }),
        };
        Add(body, "name", job.Name);
        Add(body, "user", job.User);
        Add(body, "project", job.Project);
        Add(body, "model", job.Model);
        return PostAsync("/api/v1/jobs", body, "register the job", cancellationToken);
    }

    /// <summary>Ends job <paramref name="id"/> at <paramref name="endMs"/> in <paramref name="state"/> (completed, failed, cancelled).</summary>
    public Task EndAsync(string id, long endMs, string state, CancellationToken cancellationToken) =>
        PostAsync($"/api/v1/jobs/{Uri.EscapeDataString(id)}/end", new JsonObject { ["end_ms"] = endMs, ["state"] = state }, "end the job", cancellationToken);

    /// <summary>The job's stored summary, or null while none is stored.</summary>
    public async Task<RunSummary?> SummaryAsync(string id, CancellationToken cancellationToken)
    {
        var json = await GetAsync($"/api/v1/jobs/{Uri.EscapeDataString(id)}", "read the job", cancellationToken).ConfigureAwait(false);
        return json?["summary"] is JsonObject s && s["it_mj"] is not null
            ? new RunSummary(Long(s, "duration_ms"), Long(s, "it_mj"), Long(s, "facility_mj"), CarbonMissing(s) ? null : Double(s, "co2e_g"), Double(s, "mean_w"), s["method"]?.GetValue<string>() ?? "none", Double(s, "coverage"))
            : null;
    }

    /// <summary>True when the summary's flags say its CO2e is unknown (<c>carbon_missing</c>).</summary>
    private static bool CarbonMissing(JsonObject summary) => summary["flags"] switch
    {
        JsonArray flags => flags.Any(f => f?.ToString() == "carbon_missing"),
        JsonValue text => text.ToString().Split('|', ',').Contains("carbon_missing", StringComparer.Ordinal),
        _ => false,
    };

    /// <summary>True when the collector has measured a bucket of <paramref name="nodeId"/> starting at or after <paramref name="fromMs"/>.</summary>
    public async Task<bool> NodeMeasuredAfterAsync(string nodeId, long fromMs, CancellationToken cancellationToken)
    {
        var json = await GetAsync(string.Create(CultureInfo.InvariantCulture, $"/api/v1/nodes/{Uri.EscapeDataString(nodeId)}/power?from={fromMs}&to={fromMs + 3_600_000}"), "read the node's power", cancellationToken).ConfigureAwait(false);
        return json?["points"] is JsonArray points && points.Count > 0;
    }

    private async Task PostAsync(string path, JsonObject body, string what, CancellationToken cancellationToken)
    {
        var response = await client.PostAsync(path, body.ToJsonString(), cancellationToken).ConfigureAwait(false);
        if (response.Outcome != JobApiOutcome.Ok)
        {
            throw Failure(response, what);
        }
    }

    private async Task<JsonNode?> GetAsync(string path, string what, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (response.Status == 404)
        {
            return null;
        }

        if (response.Outcome != JobApiOutcome.Ok)
        {
            throw Failure(response, what);
        }

        try
        {
            return JsonNode.Parse(response.Body);
        }
        catch (JsonException ex)
        {
            throw new JobApiException($"could not {what}: the collector answered with invalid JSON ({ex.Message})");
        }
    }

    private static JobApiException Failure(JobApiResponse response, string what) => new(
        $"could not {what}: {response.Message}"
        + (response.Status == 401 ? " (give the collector's token with METERING_TOKEN or --token, or run where --data holds its api-token file)" : ""));

    private static void Add(JsonObject body, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            body[key] = value;
        }
    }

    private static long Long(JsonObject o, string key) => o[key] is JsonValue v ? Convert.ToInt64(v.GetValue<double>(), CultureInfo.InvariantCulture) : 0;

    private static double Double(JsonObject o, string key) => o[key] is JsonValue v ? v.GetValue<double>() : 0;
}

/// <summary>A job API call of <c>metering run</c> failed; the message says why, for people.</summary>
public sealed class JobApiException(string message) : Exception(message);
