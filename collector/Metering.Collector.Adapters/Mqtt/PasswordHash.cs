using System.Security.Cryptography;
using System.Text;

namespace Metering.Collector.Mqtt;

/// <summary>
/// One password hash in mosquitto's password-file notation, so a file written here is a valid mosquitto
/// <c>password_file</c> and a file written by <c>mosquitto_passwd</c> loads here:
/// <c>$7$ITERATIONS$SALT$HASH</c> is PBKDF2-HMAC-SHA512 (mosquitto 2.0's default, 12-byte salt, 64-byte hash) and
/// <c>$6$SALT$HASH</c> is SHA-512(password + salt) (mosquitto 1.6 and earlier); salt and hash in standard base64.
/// </summary>
public sealed class PasswordHash
{
    /// <summary>PBKDF2 iterations of new hashes: the cost of one check, paid at every first connection of a user.</summary>
    public const int DefaultIterations = 20_000;

    /// <summary>mosquitto's salt length in bytes.</summary>
    public const int SaltBytes = 12;

    private const int HashBytes = 64;
    private readonly byte[] _salt;
    private readonly byte[] _hash;

    private PasswordHash(int iterations, byte[] salt, byte[] hash)
    {
        Iterations = iterations;
        _salt = salt;
        _hash = hash;
    }

    /// <summary>PBKDF2 iterations, or 0 for the unsalted-iteration SHA-512 form (<c>$6$</c>).</summary>
    public int Iterations { get; }

    /// <summary>A new PBKDF2-SHA512 hash of <paramref name="password"/> with a random salt.</summary>
    public static PasswordHash Create(string password, int iterations = DefaultIterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        return new PasswordHash(iterations, salt, Pbkdf2(password, salt, iterations));
    }

    /// <summary>Reads the hash part of a password-file line; false when it is not one of the two forms.</summary>
    public static bool TryParse(string text, out PasswordHash? hash)
    {
        hash = null;
        var parts = text.Split('$');
        try
        {
            if (parts.Length == 5 && parts[0].Length == 0 && parts[1] == "7" && int.TryParse(parts[2], out var iterations) && iterations > 0)
            {
                hash = new PasswordHash(iterations, Convert.FromBase64String(parts[3]), Convert.FromBase64String(parts[4]));
            }
            else if (parts.Length == 4 && parts[0].Length == 0 && parts[1] == "6")
            {
                hash = new PasswordHash(0, Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]));
            }
        }
        catch (FormatException)
        {
            return false;
        }

        return hash is { _salt.Length: > 0, _hash.Length: HashBytes };
    }

    /// <summary>True when <paramref name="password"/> is the one hashed (constant-time comparison).</summary>
    public bool Verify(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return false;
        }

        var candidate = Iterations > 0 ? Pbkdf2(password, _salt, Iterations) : Sha512(password, _salt);
        return CryptographicOperations.FixedTimeEquals(candidate, _hash);
    }

    /// <summary>The password-file notation.</summary>
    public override string ToString() => Iterations > 0
        ? $"$7${Iterations}${Convert.ToBase64String(_salt)}${Convert.ToBase64String(_hash)}"
        : $"$6${Convert.ToBase64String(_salt)}${Convert.ToBase64String(_hash)}";

    private static byte[] Pbkdf2(string password, byte[] salt, int iterations) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, HashBytes);

    private static byte[] Sha512(string password, byte[] salt) => SHA512.HashData([.. Encoding.UTF8.GetBytes(password), .. salt]);
}
