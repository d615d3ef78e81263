using System.Net.Sockets;
using System.Text;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Exceptions;

namespace Metering.Collector.Storage;

/// <summary>
/// InfluxDB 2.x/3.x through InfluxDB.Client's <see cref="WriteApiAsync"/> (org, bucket, token, ms precision): one
/// awaited HTTP write per drained group, so a failure reaches the drainer, which keeps the batch and retries. Never the
/// batching <c>WriteApi</c>, which drops a batch after its own retries and reports it only as an event. Errors are
/// classified like the 1.x sink (<see cref="SinkException.FromHttpStatus"/>). Not an <see cref="IPointReader"/>: reading
/// needs Flux or SQL, which no server available to the tests answers, so it is left out rather than shipped untested.
/// </summary>
public sealed class InfluxV2Sink : ISink, IDisposable
{
    private readonly InfluxDBClient _client;
    private readonly WriteApiAsync _write;

    /// <summary>Creates the sink (no connection is made until the first write).</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public InfluxV2Sink(InfluxV2Settings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        Options = options;
        _client = new InfluxDBClient(new InfluxDBClientOptions(options.Url)
        {
            Token = options.Token,
            Org = options.Org,
            Bucket = options.Bucket,
            Timeout = options.Timeout,
        });
        _write = _client.GetWriteApiAsync();
    }

    /// <summary>The settings it was created with.</summary>
    public InfluxV2Settings Options { get; }

    /// <inheritdoc />
    public string Name => "influxdb2";

    /// <summary>Writes the batch with WriteRecordAsync (the lines as one record body; ms precision).</summary>
    /// <exception cref="SinkException">The server refused the batch (permanent for 400/413/422) or could not be reached.</exception>
    public async Task WriteAsync(ReadOnlyMemory<byte> lineProtocol, CancellationToken cancellationToken)
    {
        // The client joins records with '\n'; one record holding every line (without the last '\n') is the same body.
        var body = Encoding.UTF8.GetString(lineProtocol.Span).TrimEnd('\n');
        if (body.Length == 0)
        {
            return;
        }

        try
        {
            await _write.WriteRecordAsync(body, WritePrecision.Ms, Options.Bucket, Options.Org, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpException e) when (e.Status >= 400)
        {
            throw SinkException.FromHttpStatus(Name, e.Status, e.Message);
        }
        catch (HttpException e)
        {
            throw new SinkException("network", $"{Name} unreachable at {Options.Url}: {e.Message}", permanent: false, inner: e);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException)
        {
            throw new SinkException("network", $"{Name} unreachable at {Options.Url}: {e.Message}", permanent: false, inner: e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SinkException("timeout", $"{Name} did not answer within {Options.Timeout}", permanent: false, inner: e);
        }
    }

    /// <summary>Disposes the client.</summary>
    public void Dispose() => _client.Dispose();
}
