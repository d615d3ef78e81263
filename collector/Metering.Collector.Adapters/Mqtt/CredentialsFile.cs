using System.Text;
using Metering.Collector.Files;

namespace Metering.Collector.Mqtt;

/// <summary>
/// The broker's users: a text file of <c>username:hash</c> lines in mosquitto's password-file notation
/// (<see cref="PasswordHash"/>), so the same file serves the embedded broker and mosquitto's <c>password_file</c>.
/// Blank lines and lines starting with <c>#</c> are ignored (and kept when the file is rewritten). Devices log in with
/// their device id as the username.
/// </summary>
public sealed class CredentialsFile : IUserDirectory
{
    private readonly Dictionary<string, PasswordHash> _users;

    private CredentialsFile(Dictionary<string, PasswordHash> users) => _users = users;

    /// <summary>The usernames in the file.</summary>
    public IReadOnlyCollection<string> Usernames => _users.Keys;

    /// <summary>True when <paramref name="username"/> has an entry.</summary>
    public bool Contains(string? username) => username is not null && _users.ContainsKey(username);

    /// <summary>True when <paramref name="username"/> exists and <paramref name="password"/> matches its hash.</summary>
    public bool Verify(string? username, string? password) =>
        username is not null && _users.TryGetValue(username, out var hash) && hash.Verify(password);

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">A line is not <c>username:hash</c>; the message names the file and line.</exception>
    public static CredentialsFile Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Reads credentials from <paramref name="text"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="FormatException">A line is not <c>username:hash</c>, or a username appears twice.</exception>
    public static CredentialsFile Parse(string text, string source = "credentials")
    {
        var users = new Dictionary<string, PasswordHash>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (IsComment(line))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var user = colon > 0 ? line[..colon] : "";
            if (!IsValidUsername(user) || !PasswordHash.TryParse(line[(colon + 1)..], out var hash))
            {
                throw new FormatException($"{source}:{i + 1}: expected 'username:$7$iterations$salt$hash' (mosquitto_passwd's format)");
            }

            if (!users.TryAdd(user, hash!))
            {
                throw new FormatException($"{source}:{i + 1}: user '{user}' appears twice");
            }
        }

        return new CredentialsFile(users);
    }

    /// <summary>
    /// Sets <paramref name="username"/>'s password in the file at <paramref name="path"/>, creating the file (mode 0600)
    /// when missing; other lines and comments stay as they are. For the <c>metering broker passwd</c> command.
    /// </summary>
    public static void AddOrReplace(string path, string username, string password, int iterations = PasswordHash.DefaultIterations) =>
        AddOrReplace(path, [(username, password)], iterations);

    /// <summary>Sets several passwords in one rewrite of the file (a simulated fleet's generated credentials).</summary>
    public static void AddOrReplace(string path, IReadOnlyCollection<(string Username, string Password)> users, int iterations = PasswordHash.DefaultIterations)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (user, password) in users)
        {
            if (!IsValidUsername(user))
            {
                throw new ArgumentException($"username '{user}' must be 1-128 characters without ':', spaces or control characters", nameof(users));
            }

            hashes[user] = $"{user}:{PasswordHash.Create(password, iterations)}";
        }

        // A user already in the file keeps its line's place; new users are appended.
        var lines = ReadLines(path);
        var replaced = lines.Select(l => !IsComment(l) && hashes.Remove(UserOf(l), out var line) ? line : l).ToList();
        WriteAtomically(path, replaced.Concat(hashes.Values));
    }

    /// <summary>Removes <paramref name="username"/> from the file; false when it had no entry.</summary>
    public static bool Remove(string path, string username)
    {
        var lines = ReadLines(path);
        var kept = lines.Where(l => IsComment(l) || UserOf(l) != username).ToList();
        if (kept.Count == lines.Count)
        {
            return false;
        }

        WriteAtomically(path, kept);
        return true;
    }

    /// <summary>The username rule: 1-128 characters, none of them ':', whitespace or a control character.</summary>
    public static bool IsValidUsername(string? username) =>
        username is { Length: > 0 and <= 128 } && !username.StartsWith('#') && username.All(c => c != ':' && !char.IsWhiteSpace(c) && !char.IsControl(c));

    private static bool IsComment(string line) => line.Trim().Length == 0 || line.TrimStart().StartsWith('#');

    private static string UserOf(string line) => line.IndexOf(':', StringComparison.Ordinal) is var c and > 0 ? line[..c] : line;

    private static List<string> ReadLines(string path) =>
        File.Exists(path) ? [.. File.ReadAllLines(path).Select(l => l.TrimEnd('\r'))] : [];

    private static void WriteAtomically(string path, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        // The copy is created 0600 (it holds every hash); a new file stays private to its owner, a rewritten one gets
        // the mode it had (the owner becomes the writer).
        var mode = !OperatingSystem.IsWindows() && File.Exists(path) ? File.GetUnixFileMode(path) : AtomicFile.Private;
        AtomicFile.Write(path, Encoding.UTF8.GetBytes(text.ToString()), mode);
    }
}
