using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Metering.Collector.Storage;

namespace Metering.Collector.Api;

/// <summary>
/// A client of the job API (<c>metering job</c>, <c>metering run</c>, the Slurm hooks through the CLI). A call is
/// retried with capped exponential backoff while the collector cannot be reached or answers 5xx, but never past the
/// call's time budget: a Slurm Prolog must not hang a job because the collector is down. The job API's writes are
/// idempotent, so a retry after a lost answer is harmless.
/// </summary>
public sealed class JobApiClient : IDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(2);
    private readonly HttpClient _http;
    private readonly string? _token;
    private readonly TimeSpan _budget;

    /// <summary>A client of the collector at <paramref name="baseUrl"/>.</summary>
    /// <param name="baseUrl">The collector's HTTP API, e.g. http://127.0.0.1:8080 or https://collector.example:8443.</param>
    /// <param name="token">The token sent with every call (admin, read-only or node token); null sends none.</param>
    /// <param name="budget">How long one call may take in all, retries included; positive.</param>
    /// <param name="trustedRoots">
    /// For https: the certificates to trust as roots instead of the system's store (the collector's own self-signed
    /// certificate, or a site CA: <c>METERING_CA_FILE</c>); the host name is checked either way. Null: the system's store.
    /// </param>
    public JobApiClient(Uri baseUrl, string? token, TimeSpan budget, X509Certificate2Collection? trustedRoots = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(budget, TimeSpan.Zero);
        BaseUrl = baseUrl;
        _token = token;
        _budget = budget;
        var handler = new SocketsHttpHandler();
        if (trustedRoots is { Count: > 0 })
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => TrustedBy(trustedRoots, certificate, chain, errors);
        }

        _http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// True when the server's certificate chains to one of <paramref name="roots"/> (or the system trusts it) and
    /// names the host that was called: only the chain's trust anchor is replaced, never the name check.
    /// </summary>
    public static bool TrustedBy(X509Certificate2Collection roots, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        ArgumentNullException.ThrowIfNull(roots);
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || errors != SslPolicyErrors.RemoteCertificateChainErrors)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainElements.Select(e => e.Certificate).ToArray());
        }

        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }

    /// <summary>The collector's URL.</summary>
    public Uri BaseUrl { get; }

    /// <summary>POST <paramref name="path"/> with a JSON body.</summary>
    public Task<JobApiResponse> PostAsync(string path, string json, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, json, cancellationToken);

    /// <summary>GET <paramref name="path"/> (with its query string).</summary>
    public Task<JobApiResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<JobApiResponse> SendAsync(HttpMethod method, string path, string? json, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var failures = 0;
        while (true)
        {
            var remaining = _budget - clock.Elapsed;
            string problem;
            JobApiResponse? answer = null;
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attempt.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
                try
                {
                    using var request = new HttpRequestMessage(method, path);
                    if (json is not null)
                    {
                        request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                    }

                    if (_token is not null)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
                    }

                    using var response = await _http.SendAsync(request, attempt.Token).ConfigureAwait(false);
                    var body = await response.Content.ReadAsStringAsync(attempt.Token).ConfigureAwait(false);
                    var status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                    {
                        return new JobApiResponse(JobApiOutcome.Ok, status, body, "");
                    }

                    problem = $"{status} {response.ReasonPhrase}: {Detail(body)}";
                    answer = new JobApiResponse(JobApiOutcome.Refused, status, body, problem);
                    if (status < 500)
                    {
                        return answer;
                    }
                }
                catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.SecureConnectionError)
                {
                    // Not transient: retrying an untrusted certificate only spends the budget.
                    return new JobApiResponse(JobApiOutcome.Unreachable, 0, "",
                        $"no TLS connection to {BaseUrl}: {e.InnerException?.Message ?? e.Message} (trust the collector's certificate with METERING_CA_FILE or --ca-file)");
                }
                catch (HttpRequestException e)
                {
                    problem = e.HttpRequestError == HttpRequestError.ConnectionError ? $"cannot connect ({e.Message})" : e.Message;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    problem = "no answer in time";
                }
            }

            var wait = Backoff.Delay(++failures, FirstRetry, LongestRetry, Random.Shared.NextDouble());
            if (clock.Elapsed + wait >= _budget)
            {
                // The server's last answer (a 5xx) says more than "unreachable" would.
                return answer ?? new JobApiResponse(JobApiOutcome.Unreachable, 0, "",
                    $"the collector at {BaseUrl} did not answer within {_budget.TotalSeconds:0.#} s ({failures} tries; last: {problem})");
            }

            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The "detail" of an RFC 7807 problem document, else the body (shortened).</summary>
    private static string Detail(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("detail", out var detail) && detail.ValueKind == JsonValueKind.String)
            {
                return detail.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        var text = body.Trim();
        return text.Length <= 300 ? text : text[..300] + "...";
    }
}

/// <summary>How a job API call ended.</summary>
public enum JobApiOutcome
{
    /// <summary>2xx.</summary>
    Ok,

    /// <summary>The collector answered with an error (4xx, or 5xx until the budget ran out).</summary>
    Refused,

    /// <summary>No answer within the budget (connection refused, timeouts).</summary>
    Unreachable,
}

/// <summary>A job API call's outcome, HTTP status (0 when unreachable), body, and a message for humans when it failed.</summary>
public sealed record JobApiResponse(JobApiOutcome Outcome, int Status, string Body, string Message);
