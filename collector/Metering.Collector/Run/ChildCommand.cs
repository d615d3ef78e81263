using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Metering.Collector.Run;

/// <summary>
/// Runs the wrapped command with this process's stdin, stdout and stderr, and passes SIGINT and SIGTERM on to it:
/// SIGTERM always; SIGINT unless this process is in the terminal's foreground group, where the terminal's Ctrl+C has
/// reached the child already (forwarding it too would interrupt the child twice). While the child runs, those signals
/// do not stop this process: it waits for the child and reports its exit code.
/// </summary>
public static class ChildCommand
{
    /// <summary>Exit code when the command cannot be started (the shell's "command not found").</summary>
    public const int CannotStart = 127;

    /// <summary>
    /// Why <paramref name="command"/> cannot be run, or null when it can: a name without a slash must be an executable
    /// file in a PATH directory, a path an executable file (as the shell looks it up). Checked before a job is
    /// registered, so a typo does not leave a job of a command that never ran.
    /// </summary>
    public static string? CannotRun(string command)
    {
        static bool Executable(string path) =>
            File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return Executable(command) ? null : $"cannot run '{command}': {(File.Exists(command) ? "not executable" : "No such file or directory")}";
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(d => Executable(Path.Combine(d, command)))
            ? null
            : $"cannot run '{command}': command not found on PATH";
    }

    /// <summary>
    /// Runs <paramref name="command"/> with <paramref name="arguments"/>; returns its exit code (128 + n when signal n
    /// killed it), whether a SIGINT or SIGTERM was passed on, and, when it could not start, why.
    /// </summary>
    public static async Task<(int ExitCode, bool Signalled, string? StartError)> RunAsync(string command, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(command) { UseShellExecute = false };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = new Process { StartInfo = info };
        var gate = new Lock();
        var started = false;
        var pending = 0;
        var signalled = false;
        void Forward(PosixSignalContext context, int signal, bool always)
        {
            context.Cancel = true; // this process stays to report the child's exit
            lock (gate)
            {
                signalled = true;
                if (!always && Posix.InTerminalForeground())
                {
                    return;
                }

                if (started)
                {
                    Posix.Signal(process.Id, signal);
                }
                else
                {
                    pending = signal; // passed on as soon as the child exists
                }
            }
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Forward(c, Posix.SigInt, always: false));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Forward(c, Posix.SigTerm, always: true));
        lock (gate)
        {
            try
            {
                process.Start();
            }
            catch (Win32Exception ex)
            {
                // "An error occurred trying to start process 'x' with working directory 'y'. No such file or directory": keep the reason.
                var reason = ex.Message.LastIndexOf(". ", StringComparison.Ordinal) is var cut and >= 0 ? ex.Message[(cut + 2)..] : ex.Message;
                return (CannotStart, false, $"cannot run '{command}': {reason}");
            }

            started = true;
            if (pending != 0)
            {
                Posix.Signal(process.Id, pending);
            }
        }

        await process.WaitForExitAsync().ConfigureAwait(false);
        return (process.ExitCode, signalled, null);
    }
}
