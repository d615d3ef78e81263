using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Host;

/// <summary>
/// The bearer token that state-changing HTTP API calls must carry. It comes from configuration (<c>Jobs:Token</c>)
/// or, when none is configured, from DATA_DIR/api-token, which the first start generates (128 random bits as 32 hex
/// digits, mode 0600) so that a local user of <c>metering job</c> needs nothing. The token itself is never logged:
/// only where it lives.
/// </summary>
public sealed class ApiToken
{
    private readonly byte[] _hash;

    private ApiToken(string value, string? path)
    {
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        FilePath = path;
    }

    /// <summary>The token file, or null when the token is configured.</summary>
    public string? FilePath { get; }

    /// <summary>The configured token, or the one in <paramref name="tokenFile"/> (generated when missing; DataDirectory.ApiToken).</summary>
    /// <exception cref="IOException">The token file exists but holds no token, or cannot be written.</exception>
    public static ApiToken Resolve(string? configured, string tokenFile, ILogger log, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!string.IsNullOrEmpty(configured))
        {
            return new ApiToken(configured, null);
        }

        var path = Path.GetFullPath(tokenFile);
        if (!File.Exists(path))
        {
            Generate(path, mode);
            log.LogInformation("Job API token generated in {Path} (mode {Mode}); `metering job` reads it from there", path, DataFileAccess.Octal(mode));
        }
        else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~mode) != 0)
        {
            log.LogWarning("Job API token file {Path} is readable by more than its owner{Group}: chmod it {Mode}", path,
                mode.HasFlag(UnixFileMode.GroupRead) ? " and the DataGroup" : "", DataFileAccess.Octal(mode));
        }

        return new ApiToken(Read(path), path);
    }

    /// <summary>The token held in a token file (trimmed); throws when the file holds none.</summary>
    /// <exception cref="IOException">Unreadable or empty.</exception>
    public static string Read(string path)
    {
        var token = File.ReadAllText(path).Trim();
        return token.Length > 0 ? token : throw new IOException($"the API token file {path} is empty: delete it and restart the collector to generate a new one");
    }

    /// <summary>
    /// True when <paramref name="authorization"/> is "Bearer TOKEN" with this token. The comparison takes the same
    /// time whatever the guess (fixed-length hashes, compared in constant time), so timing reveals nothing.
    /// </summary>
    public bool Accepts(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var offered = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(offered, _hash);
    }

    private static void Generate(string path, UnixFileMode mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(Encoding.ASCII.GetBytes(token + "\n"));
            file.Flush(flushToDisk: true);
        }

        try
        {
            // Never overwrite: a collector that won the race keeps its token, and this one reads it.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
