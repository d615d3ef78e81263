using System.Security.Cryptography;
using System.Text;

namespace Metering.Collector.Mqtt;

/// <summary>
/// The credentials file as the running broker sees it: reloaded when the file changes (so <c>metering broker passwd</c>
/// takes effect without a restart), the last good version kept when a rewrite is unreadable, and each user's last
/// verified password remembered as a keyed hash so a reconnect does not pay the PBKDF2 cost again.
/// </summary>
public sealed class CredentialsSource : IUserDirectory
{
    private readonly string _path;
    private readonly byte[] _cacheKey = RandomNumberGenerator.GetBytes(32);
    private readonly Dictionary<string, byte[]> _verified = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private CredentialsFile _current;
    private (DateTime Written, long Length) _stamp;

    /// <summary>Loads <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A line is malformed.</exception>
    public CredentialsSource(string path)
    {
        _path = path;
        _stamp = Stamp();
        _current = CredentialsFile.Load(path);
    }

    /// <summary>Reloads that failed (the previous users stay in force); each is also a reason to look at the file.</summary>
    public long ReloadFailures { get; private set; }

    /// <summary>The users in force now (reloaded first when the file changed).</summary>
    public CredentialsFile Current
    {
        get
        {
            lock (_lock)
            {
                ReloadIfChanged();
                return _current;
            }
        }
    }

    /// <inheritdoc />
    public bool Contains(string? username) => Current.Contains(username);

    /// <inheritdoc />
    public bool Verify(string? username, string? password)
    {
        if (username is null || password is null)
        {
            return false;
        }

        var key = HMACSHA256.HashData(_cacheKey, Encoding.UTF8.GetBytes(password));
        CredentialsFile users;
        lock (_lock)
        {
            ReloadIfChanged();
            users = _current;
            if (_verified.TryGetValue(username, out var known) && CryptographicOperations.FixedTimeEquals(known, key))
            {
                return true;
            }
        }

        if (!users.Verify(username, password))
        {
            return false;
        }

        lock (_lock)
        {
            if (ReferenceEquals(users, _current))
            {
                _verified[username] = key;
            }
        }

        return true;
    }

    private void ReloadIfChanged()
    {
        var stamp = Stamp();
        if (stamp == _stamp)
        {
            return;
        }

        try
        {
            _current = CredentialsFile.Load(_path);
            _verified.Clear();
            _stamp = stamp;
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            // Keep the users in force; try again at the next check (a writer may be half-way).
            ReloadFailures++;
        }
    }

    private (DateTime, long) Stamp()
    {
        var info = new FileInfo(_path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : (DateTime.MinValue, -1);
    }
}
