using System.Diagnostics;
using System.Text;

namespace Metering.Testing;

/// <summary>A real server a test started: its process, stopped by PID (SIGTERM, then SIGKILL), and its temporary directory.</summary>
public abstract class ServerProcess : IDisposable
{
    private const int MaxOutputChars = 64 * 1024;
    private readonly StringBuilder _output = new();
    private Process? _process;

    /// <summary>Creates the server's temporary directory.</summary>
    protected ServerProcess(string name)
    {
        Directory = Path.Combine(Path.GetTempPath(), $"metering-{name}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
    }

    /// <summary>The server's temporary directory (config, data, log).</summary>
    public string Directory { get; }

    /// <summary>The running process's id, or 0.</summary>
    public int Pid => _process is { HasExited: false } p ? p.Id : 0;

    /// <summary>True while the process runs.</summary>
    public bool Running => _process is { HasExited: false };

    /// <summary>Starts <paramref name="executable"/> with <paramref name="arguments"/> and keeps its PID.</summary>
    protected void Launch(string executable, string arguments)
    {
        var info = new ProcessStartInfo(executable, arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory,
        };
        _process?.Dispose();
        _process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {executable}");
        _process.OutputDataReceived += (_, e) => Capture(e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The last 64 KiB of what the server printed to stdout and stderr (every run since this object was created), for failure messages.</summary>
    public string Output()
    {
        lock (_output)
        {
            return _output.Length == 0 ? "(no output)" : _output.ToString();
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (_output.Length > MaxOutputChars)
            {
                _output.Remove(0, _output.Length - MaxOutputChars);
            }
        }
    }

    /// <summary>Stops the process by PID: SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public void Stop(TimeSpan? grace = null)
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }

        Signal(_process.Id, "TERM");
        if (!_process.WaitForExit(grace ?? TimeSpan.FromSeconds(5)))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Kills the process with SIGKILL (a crash).</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Runs a command to completion; returns its exit code and output.</summary>
    public static (int ExitCode, string Output) Run(string executable, string arguments)
    {
        var info = new ProcessStartInfo(executable, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }

    /// <summary>True when running as root (servers then drop to their own users and need their directories chowned).</summary>
    public static bool IsRoot => Environment.UserName == "root";

    private static void Signal(int pid, string signal) => Run("kill", $"-{signal} {pid}");

    /// <inheritdoc />
    public void Dispose()
    {
        Stop();
        _process?.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A server may still hold a file for a moment; the directory is in /tmp.
        }
        catch (UnauthorizedAccessException)
        {
        }

        GC.SuppressFinalize(this);
    }
}
