using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Host;

/// <summary>
/// The HTTP API's admin token (every call), or its read-only token (<see cref="ApiAccess"/>). It comes from configuration (<c>Jobs:Token</c>, <c>Jobs:ReadToken</c>)
/// or, when none is configured, from a file of the data directory (api-token, api-read-token), which the first start
/// generates (128 random bits as 32 hex digits, mode 0600) so that a local user of <c>metering job</c> needs nothing.
/// The token itself is never logged: only where it lives. The admin token also keys the per-node tokens
/// (<see cref="NodeToken"/>).
/// </summary>
public sealed class ApiToken
{
    /// <summary>How a node token starts: <c>node:{node id}:{32 hex digits}</c>.</summary>
    public const string NodePrefix = "node:";

    // Hex digits of a node token's MAC (128 bits).
    private const int NodeMacHexLength = 32;

    private readonly byte[] _hash;
    private readonly byte[] _nodeKey;

    private ApiToken(string value, string? path)
    {
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        _nodeKey = NodeKey(value);
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
            log.LogInformation("HTTP API token generated in {Path} (mode {Mode}); `metering job` and dashboards read it from there", path, DataFileAccess.Octal(mode));
        }
        else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~mode) != 0)
        {
            log.LogWarning("HTTP API token file {Path} is readable by more than its owner{Group}: chmod it {Mode}", path,
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

    /// <summary>
    /// The node token of <paramref name="node"/> under the admin token <paramref name="adminToken"/>:
    /// <c>node:{node}:{HMAC-SHA256(key, node), first 128 bits in hex}</c>, the key itself an HMAC of the admin token.
    /// Nothing is stored: the collector recomputes it, a new admin token revokes every node token, and a node's token
    /// says only which node it speaks for (the Slurm hooks may start and end jobs on that node, nothing else).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="node"/> is not a node id (Jobs/JobRules).</exception>
    public static string NodeToken(string adminToken, string node)
    {
        ArgumentException.ThrowIfNullOrEmpty(adminToken);
        if (!Jobs.JobRules.IsValidId(node))
        {
            throw new ArgumentException($"'{node}' is not a node id: {Jobs.JobRules.IdRule}", nameof(node));
        }

        return NodePrefix + node + ":" + NodeMac(NodeKey(adminToken), node);
    }

    /// <summary>
    /// The node whose token <paramref name="authorization"/> ("Bearer node:...") carries under this admin token, or
    /// null when it carries none (a MAC compared in constant time).
    /// </summary>
    public string? NodeOf(string? authorization)
    {
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[scheme.Length..].Trim();
        if (!token.StartsWith(NodePrefix, StringComparison.Ordinal) || token.Length < NodePrefix.Length + 2 + NodeMacHexLength || token[^(NodeMacHexLength + 1)] != ':')
        {
            return null;
        }

        var node = token[NodePrefix.Length..^(NodeMacHexLength + 1)];
        if (!Jobs.JobRules.IsValidId(node))
        {
            return null;
        }

        var expected = Encoding.ASCII.GetBytes(NodeMac(_nodeKey, node));
        var offered = Encoding.UTF8.GetBytes(token[^NodeMacHexLength..]);
        return CryptographicOperations.FixedTimeEquals(offered, expected) ? node : null;
    }

    private static byte[] NodeKey(string adminToken) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(adminToken), "metering node token v1"u8);

    private static string NodeMac(byte[] key, string node) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(node)))[..NodeMacHexLength];

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
