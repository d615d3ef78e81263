using System.Security.Cryptography;
using System.Text;

namespace Metering.Collector.Mqtt;

/// <summary>
/// The collector's own login to its embedded broker: a username no credentials file can hold (it has a ':') and a
/// 256-bit password made when the broker is built, kept in this process's memory only. The collector's subscriber
/// uses it, so with a credentials file configured it authenticates out of the box, without a `collector` user whose
/// password would sit in a file or show in `ps`; a restart makes a new one. Accepted from loopback only.
/// </summary>
public sealed class InternalCredentials
{
    /// <summary>The username: the service principal of the collector itself.</summary>
    public const string Username = "metering:collector";

    private readonly byte[] _hash;

    /// <summary>Makes a new random password.</summary>
    public InternalCredentials()
    {
        Password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _hash = SHA256.HashData(Encoding.UTF8.GetBytes(Password));
    }

    /// <summary>The password (only this process's subscriber is given it).</summary>
    public string Password { get; }

    /// <summary>True when <paramref name="password"/> is this password (compared in constant time).</summary>
    public bool Verify(string? password) =>
        password is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(password)), _hash);
}
