using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Metering.Collector.Run;

/// <summary>
/// The collector's job API as <c>metering run</c> uses it: register a job, end it, read its stored summary, and see
/// whether a node's buckets past an instant have been measured. Every failure is a <see cref="JobApiException"/>
/// whose message says what went wrong in words (unreachable, token refused, the API's own problem text).
/// </summary>
public sealed class JobApiClient(HttpClient http)
{
    /// <summary>A client for the API at <paramref name="baseUrl"/>, sending <paramref name="token"/> as a bearer token when given.</summary>
    public static JobApiClient Create(string baseUrl, string? token, TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"), Timeout = timeout };
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new JobApiClient(http);
    }

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
        return SendAsync(HttpMethod.Post, "api/v1/jobs", body, "register the job", cancellationToken);
    }

    /// <summary>Ends job <paramref name="id"/> at <paramref name="endMs"/> in <paramref name="state"/> (completed, failed, cancelled).</summary>
    public Task EndAsync(string id, long endMs, string state, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"api/v1/jobs/{Uri.EscapeDataString(id)}/end", new JsonObject { ["end_ms"] = endMs, ["state"] = state }, "end the job", cancellationToken);

    /// <summary>The job's stored summary, or null while none is stored.</summary>
    public async Task<RunSummary?> SummaryAsync(string id, CancellationToken cancellationToken)
    {
        var json = await GetJsonAsync($"api/v1/jobs/{Uri.EscapeDataString(id)}", "read the job", cancellationToken).ConfigureAwait(false);
        return json?["summary"] is JsonObject s && s["it_mj"] is not null
            ? new RunSummary(Long(s, "duration_ms"), Long(s, "it_mj"), Long(s, "facility_mj"), Double(s, "co2e_g"), Double(s, "mean_w"), s["method"]?.GetValue<string>() ?? "none", Double(s, "coverage"))
            : null;
    }

    /// <summary>True when the collector has measured a bucket of <paramref name="nodeId"/> starting at or after <paramref name="fromMs"/>.</summary>
    public async Task<bool> NodeMeasuredAfterAsync(string nodeId, long fromMs, CancellationToken cancellationToken)
    {
        var json = await GetJsonAsync(string.Create(CultureInfo.InvariantCulture, $"api/v1/nodes/{Uri.EscapeDataString(nodeId)}/power?from={fromMs}&to={fromMs + 3_600_000}"), "read the node's power", cancellationToken).ConfigureAwait(false);
        return json?["points"] is JsonArray points && points.Count > 0;
    }

    private async Task SendAsync(HttpMethod method, string path, JsonObject body, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        using var response = await CallAsync(request, what, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await RefusedAsync(response, what, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<JsonNode?> GetJsonAsync(string path, string what, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await CallAsync(request, what, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await RefusedAsync(response, what, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new JobApiException($"could not {what}: the collector answered with invalid JSON ({ex.Message})");
        }
    }

    private async Task<HttpResponseMessage> CallAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new JobApiException($"could not {what}: the collector at {http.BaseAddress} is unreachable ({ex.Message})", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new JobApiException($"could not {what}: the collector at {http.BaseAddress} did not answer within {http.Timeout.TotalSeconds:F0} s", ex);
        }
    }

    private static async Task<JobApiException> RefusedAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var detail = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "the token was refused (give --token or METERING_TOKEN; the collector's token is in its data directory, file api-token)",
            _ => Problem(text) ?? text,
        };
        return new JobApiException($"could not {what}: HTTP {(int)response.StatusCode} {detail}".TrimEnd());
    }

    private static string? Problem(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject o ? (o["detail"] ?? o["title"] ?? o["error"])?.ToString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

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

/// <summary>A job API call failed; the message says why, for people.</summary>
public sealed class JobApiException : Exception
{
    /// <summary>A failure described by <paramref name="message"/>.</summary>
    public JobApiException(string message)
        : base(message)
    {
    }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public JobApiException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
