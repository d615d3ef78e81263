namespace Metering.Collector.Storage;

/// <summary>
/// A sink's failure to store a batch. <see cref="Permanent"/> means the sink rejected the batch's content (retrying
/// the same bytes cannot succeed): the drainer moves it to the outbox's dead-letter table. Anything else, and every
/// other exception a sink throws, is retried with backoff.
/// </summary>
public sealed class SinkException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="kind">Short error class for metrics, e.g. <c>http_400</c>, <c>http_503</c>, <c>network</c>, <c>timeout</c>.</param>
    /// <param name="message">What happened, with the server's own error text where there is one.</param>
    /// <param name="permanent">True when the batch's content was rejected.</param>
    /// <param name="statusCode">The HTTP status, when there was a response.</param>
    /// <param name="inner">The underlying exception.</param>
    public SinkException(string kind, string message, bool permanent, int? statusCode = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Permanent = permanent;
        StatusCode = statusCode;
    }

    /// <summary>Short error class for metrics.</summary>
    public string Kind { get; }

    /// <summary>True when retrying the same batch cannot succeed.</summary>
    public bool Permanent { get; }

    /// <summary>The HTTP status code, when the server answered.</summary>
    public int? StatusCode { get; }

    /// <summary>
    /// Classifies an HTTP error answer of an InfluxDB-compatible write endpoint. Permanent: 400 (a line the server
    /// refuses, e.g. a field type conflict; InfluxDB 1.x may have stored the batch's other points: "partial write"),
    /// 413 (the body is over the server's limit), 422 and other 4xx. Retryable: 401 and 403 (credentials: the data is
    /// fine, the configuration is not), 404 (database or bucket missing), 408, 429 and 5xx.
    /// </summary>
    public static SinkException FromHttpStatus(string sink, int status, string serverError)
    {
        var permanent = status is >= 400 and < 500 and not (401 or 403 or 404 or 408 or 429);
        var verdict = permanent ? "rejected the batch" : "failed";
        return new SinkException($"http_{status}", $"{sink} {verdict}: HTTP {status}: {serverError}", permanent, status);
    }
}
