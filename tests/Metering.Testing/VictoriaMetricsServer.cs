using System.Net;

namespace Metering.Testing;

/// <summary>
/// A real VictoriaMetrics 1.79.5 (Debian package victoria-metrics) on a free 127.0.0.1 port with its storage in a
/// temporary directory. It accepts InfluxDB line protocol on /write and /api/v2/write (bucket and org ignored), so
/// InfluxDB.Client's WriteApiAsync can be exercised against a real server; read back with <see cref="Export"/>.
/// Retention is one month: points older than that are dropped on arrival, so tests write recent timestamps.
/// </summary>
public sealed class VictoriaMetricsServer : HttpServerProcess
{
    private VictoriaMetricsServer()
        : base("victoria-metrics")
    {
    }

    /// <summary>Starts victoria-metrics and waits until /health answers.</summary>
    public static VictoriaMetricsServer Start()
    {
        return Started(new VictoriaMetricsServer());
    }

    /// <summary>
    /// Makes every accepted sample searchable (/internal/force_flush), then returns /api/v1/export for the series
    /// selector <paramref name="match"/> (e.g. <c>{__name__=~"m_.*"}</c>): one JSON object per line, each with
    /// <c>metric</c> (name and labels), <c>values</c> and <c>timestamps</c> (ms).
    /// </summary>
    public string Export(string match)
    {
        using (var flush = Http.GetAsync($"{Url}/internal/force_flush").GetAwaiter().GetResult())
        {
            flush.EnsureSuccessStatusCode();
        }

        return PostForm("/api/v1/export", [new("match[]", match)]);
    }

    /// <inheritdoc />
    protected override void LaunchServer()
    {
        LaunchAndWait("victoria-metrics", $"-httpListenAddr=127.0.0.1:{Port} -storageDataPath={Path.Combine(Directory, "data")} -retentionPeriod=1 -loggerLevel=WARN",
            "/health", HttpStatusCode.OK);
    }
}
