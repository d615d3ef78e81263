namespace Metering.Collector.Storage;

/// <summary>Settings of the InfluxDB 1.x sink (configuration section <c>Storage:InfluxV1</c>).</summary>
public sealed record InfluxV1Settings
{
    /// <summary>Base URL of the server, e.g. <c>http://127.0.0.1:8086</c>.</summary>
    public string Url { get; init; } = string.Empty;

    /// <summary>Database written to and queried.</summary>
    public string Database { get; init; } = string.Empty;

    /// <summary>Retention policy to write to and query; null or empty for the database's default.</summary>
    public string? RetentionPolicy { get; init; }

    /// <summary>User name for HTTP basic authentication; null when the server has auth-enabled = false.</summary>
    public string? Username { get; init; }

    /// <summary>Password for <see cref="Username"/>; from the environment or an untracked file, never the repository.</summary>
    public string? Password { get; init; }

    /// <summary>Create the database (CREATE DATABASE, which is a no-op when it exists) before the first write and after a "database not found".</summary>
    public bool CreateDatabase { get; init; }

    /// <summary>Timeout of one HTTP request; a timed-out write is retried.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Problems with these settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section = "Storage:InfluxV1")
    {
        var errors = new List<string>();
        SinkUrls.CheckUrl(Url, $"{section}:Url", errors);
        if (string.IsNullOrWhiteSpace(Database))
        {
            errors.Add($"{section}:Database is required");
        }

        if (!string.IsNullOrEmpty(Password) && string.IsNullOrEmpty(Username))
        {
            errors.Add($"{section}:Username is required when {section}:Password is set");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{section}:Timeout must be positive; it is {Timeout}");
        }

        return errors;
    }
}
