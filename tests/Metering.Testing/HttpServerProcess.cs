using System.Net;

namespace Metering.Testing;

/// <summary>
/// A real server with an HTTP API on 127.0.0.1 (InfluxDB, VictoriaMetrics): launched, then waited on until a
/// probe endpoint answers; form posts whose failures carry the server's answer.
/// </summary>
public abstract class HttpServerProcess : ServerProcess
{
    /// <summary>One client for every test server (sockets are pooled; loopback answers well within its timeout).</summary>
    protected static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private readonly string _name;

    /// <summary>Creates the server's temporary directory; <paramref name="name"/> names it in messages.</summary>
    protected HttpServerProcess(string name)
        : base(name)
    {
        _name = name;
        Port = FreePort.Next();
    }

    /// <summary>The HTTP API's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Base URL of the HTTP API.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Starts it again (after <see cref="ServerProcess.Stop"/> or Kill, or while running) on the same ports with the same data.</summary>
    public void Restart()
    {
        Stop();
        LaunchServer();
    }

    /// <summary>Launches <paramref name="server"/> and returns it, or disposes of it (its process and directory) and rethrows.</summary>
    protected static T Started<T>(T server)
        where T : HttpServerProcess
    {
        try
        {
            server.LaunchServer();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>Writes the server's configuration and launches it, waiting until it answers (see <see cref="LaunchAndWait"/>).</summary>
    protected abstract void LaunchServer();

    /// <summary>True when GET <paramref name="path"/> answers <paramref name="status"/>; false when it answers otherwise or not at all.</summary>
    protected bool Answers(string path, HttpStatusCode status)
    {
        try
        {
            using var response = Http.GetAsync(Url + path).GetAwaiter().GetResult();
            return response.StatusCode == status;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>POSTs <paramref name="form"/> to <paramref name="pathAndQuery"/>; returns the body, or throws with the status and body.</summary>
    protected string PostForm(string pathAndQuery, IEnumerable<KeyValuePair<string, string>> form)
    {
        using var response = Http.PostAsync(Url + pathAndQuery, new FormUrlEncodedContent(form)).GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"{_name} answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>Launches the server and waits up to 30 s until GET <paramref name="probePath"/> answers <paramref name="status"/>.</summary>
    protected void LaunchAndWait(string executable, string arguments, string probePath, HttpStatusCode status)
    {
        Launch(executable, arguments);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!Answers(probePath, status))
        {
            if (!Running || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{_name} did not answer {probePath} on 127.0.0.1:{Port} within 30 s (running: {Running}). {Output()}");
            }

            Thread.Sleep(50);
        }
    }
}
