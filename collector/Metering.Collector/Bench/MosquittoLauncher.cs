using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Metering.Collector.Bench;

/// <summary>
/// A private mosquitto for the benchmark (Debian package mosquitto): loopback, a free port, a temporary directory,
/// per-client queues raised so nothing is dropped, stopped by PID.
/// </summary>
internal sealed class MosquittoLauncher : IDisposable
{
    private readonly Process _process;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "metering-bench-mosquitto-" + Guid.NewGuid().ToString("N")[..8]);

    public MosquittoLauncher()
    {
        Directory.CreateDirectory(_directory);
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var config = Path.Combine(_directory, "mosquitto.conf");
        File.WriteAllText(config, $"listener {Port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 1000000\nmax_inflight_messages 1000\nlog_dest none\n");
        _process = Process.Start(new ProcessStartInfo("mosquitto", $"-c {config}") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })
            ?? throw new InvalidOperationException("could not start mosquitto (apt-get install mosquitto)");
        for (var i = 0; i < 200 && !Accepts(Port); i++)
        {
            Thread.Sleep(50);
        }

        if (!Accepts(Port))
        {
            throw new InvalidOperationException("mosquitto did not start: " + _process.StandardError.ReadToEnd());
        }
    }

    public int Port { get; }

    private static bool Accepts(int port)
    {
        try
        {
            using var c = new TcpClient();
            c.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
