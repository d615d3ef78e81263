namespace Metering.Collector.Mqtt;

/// <summary>Who may log in: the seam between the connection policy and a credentials file (reloaded or not).</summary>
public interface IUserDirectory
{
    /// <summary>True when <paramref name="username"/> has an entry.</summary>
    bool Contains(string? username);

    /// <summary>True when <paramref name="username"/> exists and <paramref name="password"/> is its password.</summary>
    bool Verify(string? username, string? password);
}
