namespace Metering.Testing;

/// <summary>
/// A real mosquitto (Debian package mosquitto) on a free 127.0.0.1 port with its own config, persistence and log
/// in a temporary directory. Raises the per-client queue limits so a slow subscriber loses nothing
/// (with the defaults, 7 % of a 50k QoS 1 burst to a slow subscriber was dropped). Restart keeps the port and the persistence.
/// </summary>
public sealed class MosquittoServer : ServerProcess
{
    private readonly string _extraConfig;

    private MosquittoServer(string extraConfig)
        : base("mosquitto")
    {
        _extraConfig = extraConfig;
        Port = FreePort.Next();
    }

    /// <summary>The listener's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Path of mosquitto's log file.</summary>
    public string LogPath => Path.Combine(Directory, "mosquitto.log");

    /// <summary>
    /// Starts mosquitto. <paramref name="extraConfig"/> replaces <c>allow_anonymous true</c> when given (e.g. a
    /// password_file and acl_file for the security tests); paths in it may use {dir} for the temporary directory.
    /// </summary>
    public static MosquittoServer Start(string? extraConfig = null)
    {
        var server = new MosquittoServer(extraConfig ?? "allow_anonymous true");
        server.Launch();
        return server;
    }

    /// <summary>Starts it again on the same port with the same persistence (after <see cref="ServerProcess.Stop"/> or Kill).</summary>
    public void Restart()
    {
        Stop();
        Launch();
    }

    /// <summary>The log so far, for failure messages.</summary>
    public string Log() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : "(no log)";

    private void Launch()
    {
        var config = $"""
            listener {Port} 127.0.0.1
            {_extraConfig.Replace("{dir}", Directory, StringComparison.Ordinal)}
            persistence true
            persistence_location {Directory}/
            autosave_interval 1
            max_queued_messages 1000000
            max_inflight_messages 1000
            max_queued_bytes 0
            log_dest file {LogPath}
            log_type error
            log_type warning
            log_type notice
            """;
        var path = Path.Combine(Directory, "mosquitto.conf");
        File.WriteAllText(path, config);
        if (IsRoot)
        {
            Run("chown", $"-R mosquitto:mosquitto {Directory}");
        }

        Launch("mosquitto", $"-c {path}");
        FreePort.WaitUntilAccepting(Port, TimeSpan.FromSeconds(15), Log);
    }
}
