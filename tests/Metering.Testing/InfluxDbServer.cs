using System.Net;
using System.Text;

namespace Metering.Testing;

/// <summary>
/// A real InfluxDB 1.6.7 (Debian package influxdb) on free 127.0.0.1 ports, with its meta, data and WAL in a
/// temporary directory. Only the HTTP API and the RPC bind address listen, both on loopback; usage reporting, the
/// _internal monitor database, subscriptions and continuous queries are off. Started by hand it runs as the invoking
/// user (root included: no user switch, no chown needed). Restart keeps the ports and the data.
/// </summary>
public sealed class InfluxDbServer : HttpServerProcess
{
    private readonly bool _authEnabled;

    private InfluxDbServer(bool authEnabled)
        : base("influxd")
    {
        _authEnabled = authEnabled;
        RpcPort = FreePort.Next();
    }

    /// <summary>The RPC (backup/restore) port on 127.0.0.1, the top-level bind-address.</summary>
    public int RpcPort { get; }

    /// <summary>
    /// Starts influxd and waits until /ping answers 204. With <paramref name="authEnabled"/> every request needs
    /// credentials, except the first <c>CREATE USER ... WITH ALL PRIVILEGES</c> (InfluxDB's bootstrap rule).
    /// </summary>
    public static InfluxDbServer Start(bool authEnabled = false)
    {
        return Started(new InfluxDbServer(authEnabled));
    }

    /// <summary>Runs InfluxQL statements with POST /query (for set-up such as CREATE DATABASE); returns the JSON answer.</summary>
    public string Execute(string influxQl, string? database = null)
    {
        var form = new List<KeyValuePair<string, string>> { new("q", influxQl) };
        if (database is not null)
        {
            form.Add(new("db", database));
        }

        return PostForm("/query?epoch=ms", form);
    }

    /// <summary>True when GET /ping answers 204.</summary>
    public bool Ping() => Answers("/ping", HttpStatusCode.NoContent);

    /// <inheritdoc />
    protected override void LaunchServer()
    {
        var config = $"""
            reporting-enabled = false
            reporting-disabled = true
            bind-address = "127.0.0.1:{RpcPort}"
            [meta]
              dir = "{Directory}/meta"
            [data]
              dir = "{Directory}/data"
              wal-dir = "{Directory}/wal"
              query-log-enabled = false
            [monitor]
              store-enabled = false
            [subscriber]
              enabled = false
            [continuous_queries]
              enabled = false
            [http]
              enabled = true
              bind-address = "127.0.0.1:{Port}"
              auth-enabled = {(_authEnabled ? "true" : "false")}
              log-enabled = false
              pprof-enabled = false
              unix-socket-enabled = false
            [logging]
              level = "warn"
            """;
        var configPath = Path.Combine(Directory, "influxdb.conf");
        File.WriteAllText(configPath, config, new UTF8Encoding(false));
        LaunchAndWait("influxd", $"run -config {configPath} -pidfile {Path.Combine(Directory, "influxd.pid")}", "/ping", HttpStatusCode.NoContent);
    }
}
