namespace Metering.Collector.Tests.Jobs.Slurm;

/// <summary>
/// A stand-in for the <c>metering</c> executable: a small sh script that appends one line per call to calls.log
/// (METERING_URL, METERING_TOKEN, METERING_CA_FILE, then each argument, tab-separated), then behaves as <see cref="Mode"/> says:
/// "record" exits 0, "fail" exits 1 (the collector did not answer), "refuse" exits 4 (it refused), "hang" sleeps 60 s.
/// </summary>
public sealed class MeteringStub : IDisposable
{
    /// <summary>The URL and token the env file gives the hooks.</summary>
    public const string Url = "http://127.0.0.1:9/metering";

    /// <summary>The token the env file gives the hooks (it must reach the stub through the environment, not argv).</summary>
    public const string Token = "stub-token-0123";

    /// <summary>The certificate file the env file tells the CLI to trust for an https collector.</summary>
    public const string CaFile = "/etc/metering/collector.crt";

    /// <summary>The timeout the env file gives the hooks, seconds.</summary>
    public const int TimeoutSeconds = 2;

    /// <summary>Creates the stub in a temporary directory.</summary>
    public MeteringStub()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"metering-stub-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(Directory);
        var script = Path.Combine(Directory, "metering");
        File.WriteAllText(script, $$"""
            #!/bin/sh
            dir={{Directory}}
            { printf '%s\t%s\t%s' "$METERING_URL" "$METERING_TOKEN" "$METERING_CA_FILE"; for a in "$@"; do printf '\t%s' "$a"; done; printf '\n'; } >>"$dir/calls.log"
            case $(cat "$dir/mode" 2>/dev/null) in
              fail) echo "stub: collector unreachable" >&2; exit 1 ;;
              refuse) echo "stub: refused" >&2; exit 4 ;;
              hang) sleep 60 ;;
            esac
            exit 0

            """);
        Metering.Testing.ServerProcess.Run("chmod", $"755 {script}");
        Mode = "record";
    }

    /// <summary>The stub's directory (the env file puts it first on PATH).</summary>
    public string Directory { get; }

    /// <summary>The hooks' log (METERING_LOG).</summary>
    public string HookLogPath => Path.Combine(Directory, "hooks.log");

    /// <summary>The hooks' spool (METERING_SPOOL_DIR): calls the stub did not take wait here.</summary>
    public string SpoolDirectory => Path.Combine(Directory, "spool");

    /// <summary>The spooled calls waiting, oldest first.</summary>
    public IReadOnlyList<string> Spooled() =>
        System.IO.Directory.Exists(SpoolDirectory) ? [.. System.IO.Directory.GetFiles(SpoolDirectory, "*.call").Order(StringComparer.Ordinal)] : [];

    /// <summary>"record", "fail", "refuse" or "hang"; read by the stub at each call.</summary>
    public string Mode
    {
        get => File.ReadAllText(Path.Combine(Directory, "mode")).Trim();
        set => File.WriteAllText(Path.Combine(Directory, "mode"), value);
    }

    /// <summary>Writes the hooks' env file: PATH with the stub first, URL, token, timeout, log, spool.</summary>
    public void WriteEnvFile(string path) => File.WriteAllText(path, $"""
        # Test env file for the shipped hooks (see Slurm/README.md (collector/Metering.Collector.Adapters), "Installing the hooks").
        PATH={Directory}:$PATH
        METERING_URL={Url}
        METERING_TOKEN={Token}
        METERING_CA_FILE={CaFile}
        METERING_TIMEOUT_S={TimeoutSeconds}
        METERING_LOG={HookLogPath}
        METERING_SPOOL_DIR={SpoolDirectory}

        """);

    /// <summary>Every call so far.</summary>
    public IReadOnlyList<StubCall> Calls()
    {
        var path = Path.Combine(Directory, "calls.log");
        return File.Exists(path) ? File.ReadAllLines(path).Select(StubCall.Parse).ToList() : [];
    }

    /// <summary>The calls about one job id (e.g. "slurm:12"), in order.</summary>
    public IReadOnlyList<StubCall> CallsFor(string id) => Calls().Where(c => c.Option("--id") == id).ToList();

    /// <summary>The hooks' log so far.</summary>
    public string HookLog() => File.Exists(HookLogPath) ? File.ReadAllText(HookLogPath) : "";

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>One recorded call of the stub.</summary>
public sealed record StubCall(string Url, string Token, string CaFile, IReadOnlyList<string> Arguments)
{
    /// <summary>Parses a calls.log line.</summary>
    public static StubCall Parse(string line)
    {
        var fields = line.Split('\t');
        return new StubCall(fields[0], fields[1], fields[2], fields[3..]);
    }

    /// <summary>The value after <paramref name="option"/>, or null when absent.</summary>
    public string? Option(string option)
    {
        for (var i = 0; i < Arguments.Count - 1; i++)
        {
            if (Arguments[i] == option)
            {
                return Arguments[i + 1];
            }
        }

        return null;
    }

    /// <summary>"job start" or "job end".</summary>
    public string Verb => string.Join(' ', Arguments.Take(2));
}
