using System.Net.Http.Headers;
using System.Text;
using Metering.Collector.Points;

namespace Metering.Collector.Storage;

/// <summary>
/// InfluxDB 1.x over its HTTP API: batches go to <c>POST /write?db=&amp;rp=&amp;precision=ms</c>, queries to
/// <c>/query</c> in InfluxQL with <c>epoch=ms</c>. InfluxDB keys a point by measurement, tag set and timestamp and
/// merges the fields of a rewrite, so replays are idempotent. Errors: see <see cref="SinkException.FromHttpStatus"/>;
/// network failures and timeouts are retryable. Credentials go in a basic-auth header, never the URL.
/// </summary>
public sealed class InfluxV1Sink : ISink, IPointReader, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly string _writePath;
    private volatile bool _databaseReady;

    /// <summary>Creates the sink. <paramref name="http"/> is used as given (its base address and timeout are ignored); otherwise one is created and owned.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public InfluxV1Sink(InfluxV1Settings options, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        Options = options;
        BaseUri = SinkUrls.BaseUri(options.Url);
        _ownsHttp = http is null;
        _http = http ?? new HttpClient { Timeout = options.Timeout };
        _writePath = "write?db=" + Uri.EscapeDataString(options.Database) + "&precision=ms"
            + (string.IsNullOrEmpty(options.RetentionPolicy) ? string.Empty : "&rp=" + Uri.EscapeDataString(options.RetentionPolicy));
        _databaseReady = !options.CreateDatabase;
    }

    /// <summary>The settings it was created with.</summary>
    public InfluxV1Settings Options { get; }

    /// <summary>The server's base URL.</summary>
    public Uri BaseUri { get; }

    /// <inheritdoc />
    public string Name => "influxdb1";

    /// <summary>Runs <c>CREATE DATABASE</c> (a no-op when the database exists).</summary>
    public async Task CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        using var content = new FormUrlEncodedContent([new("q", "CREATE DATABASE " + InfluxQl.Identifier(Options.Database))]);
        var body = await SendAsync(HttpMethod.Post, "query", content, cancellationToken).ConfigureAwait(false);
        InfluxQlResult.Read(body);
        _databaseReady = true;
    }

    /// <summary>POSTs the batch to /write; creates the database first when configured to and not yet done.</summary>
    /// <exception cref="SinkException">The server refused the batch (permanent for 400/413/422) or could not be reached.</exception>
    public async Task WriteAsync(ReadOnlyMemory<byte> lineProtocol, CancellationToken cancellationToken)
    {
        if (!_databaseReady)
        {
            await CreateDatabaseAsync(cancellationToken).ConfigureAwait(false);
        }

        using var content = new ReadOnlyMemoryContent(lineProtocol);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
        try
        {
            await SendAsync(HttpMethod.Post, _writePath, content, cancellationToken).ConfigureAwait(false);
        }
        catch (SinkException e) when (e.StatusCode == 404 && Options.CreateDatabase)
        {
            _databaseReady = false;
            throw;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Point>> QueryAsync(string measurement, IReadOnlyDictionary<string, string> tags, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        QueryArguments.Check(measurement, tags);
        var q = InfluxQl.Select(InfluxQl.From(Options.RetentionPolicy, measurement), tags, fromMs, toMs);
        var path = "query?db=" + Uri.EscapeDataString(Options.Database) + "&epoch=ms&chunked=true&q=" + Uri.EscapeDataString(q);
        var body = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
        return InfluxQlResult.Read(body);
    }

    /// <summary>Disposes the HTTP client if the sink created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async Task<byte[]> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUri, path)) { Content = content };
        if (!string.IsNullOrEmpty(Options.Username))
        {
            var pair = Encoding.UTF8.GetBytes($"{Options.Username}:{Options.Password}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw SinkException.FromHttpStatus(Name, (int)response.StatusCode, ServerError(response, body));
            }

            return body;
        }
        catch (HttpRequestException e)
        {
            throw new SinkException("network", $"{Name} unreachable at {BaseUri}: {e.Message}", permanent: false, inner: e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SinkException("timeout", $"{Name} did not answer within {_http.Timeout}", permanent: false, inner: e);
        }
    }

    // InfluxDB 1.x puts its error in the X-Influxdb-Error header and in a JSON body {"error": "..."}.
    private static string ServerError(HttpResponseMessage response, byte[] body) =>
        response.Headers.TryGetValues("X-Influxdb-Error", out var values) ? string.Join("; ", values)
        : body.Length > 0 ? Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 2000))
        : response.ReasonPhrase ?? string.Empty;
}
