using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Metering.Collector.Bench;

/// <summary>
/// A real <c>metering serve</c> process for the load benchmark: started from a metering.dll with its own data directory,
/// embedded broker port and HTTP port, read through its /metrics and /health and through /proc (RSS, peak RSS, CPU),
/// stopped with SIGINT as Ctrl+C would.
/// </summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly StringBuilder _output = new();

    private ServeProcess(Process process, int brokerPort, int httpPort)
    {
        (_process, BrokerPort, HttpPort) = (process, brokerPort, httpPort);
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The process id.</summary>
    public int Pid => _process.Id;

    /// <summary>The embedded broker's port.</summary>
    public int BrokerPort { get; }

    /// <summary>The HTTP API's port.</summary>
    public int HttpPort { get; }

    /// <summary>The last lines the process printed (for failures).</summary>
    public string Tail
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length > 4000 ? text[^4000..] : text;
            }
        }
    }

    /// <summary>Lines the process logged at warning level or above.</summary>
    public IReadOnlyList<string> Warnings { get; private set; } = [];

    private readonly List<string> _warnings = [];

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/> serve --data <paramref name="dataDirectory"/></c> on the given ports with
    /// <paramref name="settings"/> (<c>Section:Key=value</c>) and waits until /health answers and the subscriber is connected.
    /// </summary>
    /// <exception cref="InvalidOperationException">It exited or did not become ready within a minute.</exception>
    public static async Task<ServeProcess> StartAsync(string dll, string dataDirectory, int brokerPort, int httpPort, IEnumerable<string> settings, CancellationToken cancel)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDirectory };
        foreach (var a in new[] { dll, "serve", "--data", dataDirectory, $"--Broker:Port={brokerPort}", $"--Http:Url=http://127.0.0.1:{httpPort}" }.Concat(settings.Select(s => "--" + s)))
        {
            info.ArgumentList.Add(a);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("METERING", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name); // the bench's own settings only
        }

        var serve = new ServeProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"), brokerPort, httpPort);
        serve._process.OutputDataReceived += (_, e) => serve.Record(e.Data);
        serve._process.ErrorDataReceived += (_, e) => serve.Record(e.Data);
        serve._process.BeginOutputReadLine();
        serve._process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline && !serve._process.HasExited)
        {
            if (await serve.HealthAsync(cancel).ConfigureAwait(false) is (200, _))
            {
                return serve;
            }

            await Task.Delay(200, cancel).ConfigureAwait(false);
        }

        var tail = serve.Tail;
        serve.Dispose();
        throw new InvalidOperationException("metering serve did not become healthy within a minute:\n" + tail);
    }

    /// <summary>The /health status code and body; (0, message) when it did not answer.</summary>
    public async Task<(int Status, string Body)> HealthAsync(CancellationToken cancel)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri("/health", UriKind.Relative), cancel).ConfigureAwait(false);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancel).ConfigureAwait(false));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            return (0, e.Message);
        }
    }

    /// <summary>Every series /metrics exports (<c>name</c> or <c>name{labels}</c>) with its value; empty when it did not answer.</summary>
    public async Task<PrometheusText> MetricsAsync(CancellationToken cancel)
    {
        try
        {
            return PrometheusText.Parse(await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative), cancel).ConfigureAwait(false));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            return PrometheusText.Parse("");
        }
    }

    /// <summary>Resident memory now and at its peak (VmRSS, VmHWM), in bytes, and CPU time so far, from /proc.</summary>
    public ProcessSample Sample() => ProcessSample.Of(_process.Id);

    /// <summary>SIGINT (a clean stop); returns the exit code.</summary>
    /// <exception cref="TimeoutException">It did not stop within a minute.</exception>
    public int Interrupt()
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            kill?.WaitForExit();
        }

        if (!_process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            throw new TimeoutException("metering serve did not stop within a minute of SIGINT:\n" + Tail);
        }

        _process.WaitForExit();
        Warnings = [.. _warnings];
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
        _http.Dispose();
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > 64_000)
            {
                _output.Remove(0, 32_000);
            }

            if ((line.Contains(" warn: ", StringComparison.Ordinal) || line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal))
                && _warnings.Count < 1000)
            {
                _warnings.Add(line);
            }
        }
    }
}

/// <summary>A process's memory and CPU from /proc: VmRSS and VmHWM in bytes, user + system CPU in seconds.</summary>
internal sealed record ProcessSample(long RssBytes, long PeakRssBytes, double CpuSeconds)
{
    /// <summary>Reads /proc/<paramref name="pid"/>/status and /proc/<paramref name="pid"/>/stat (clock ticks of 1/100 s).</summary>
    public static ProcessSample Of(int pid)
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{pid}/status");
            long Kb(string key) => long.Parse(status.Single(l => l.StartsWith(key, StringComparison.Ordinal))[key.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after "pid (comm) ": field 3 is fields[0]
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return new ProcessSample(Kb("VmRSS:"), Kb("VmHWM:"), ticks / 100.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or FormatException)
        {
            return new ProcessSample(0, 0, 0); // the process has exited
        }
    }
}
