using System.Runtime.InteropServices;

namespace Metering.Collector.Run;

/// <summary>The few libc calls signal forwarding needs (Linux and macOS number SIGINT and SIGTERM alike).</summary>
internal static class Posix
{
    /// <summary>SIGINT (Ctrl+C).</summary>
    public const int SigInt = 2;

    /// <summary>SIGTERM.</summary>
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to process <paramref name="pid"/>; false when it failed (the process is gone).</summary>
    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    /// <summary>
    /// True when this process is in the foreground process group of the terminal on stdin: a Ctrl+C there has already
    /// reached every process of the group, the child included.
    /// </summary>
    public static bool InTerminalForeground()
    {
        try
        {
            var foreground = tcgetpgrp(0);
            return foreground > 0 && foreground == getpgrp();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    [DllImport("libc")]
    private static extern int tcgetpgrp(int fd);

    [DllImport("libc")]
    private static extern int getpgrp();
}
