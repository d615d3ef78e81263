namespace Metering.Collector.Storage;

/// <summary>Settings of the InfluxDB 2.x/3.x sink (configuration section <c>Storage:InfluxV2</c>).</summary>
public sealed record InfluxV2Settings
{
    /// <summary>Base URL of the server, e.g. <c>http://127.0.0.1:8086</c>.</summary>
    public string Url { get; init; } = string.Empty;

    /// <summary>Organization name or id.</summary>
    public string Org { get; init; } = string.Empty;

    /// <summary>Bucket written to (InfluxDB 3: the database).</summary>
    public string Bucket { get; init; } = string.Empty;

    /// <summary>API token with write permission on the bucket; from the environment or an untracked file, never the repository.</summary>
    public string Token { get; init; } = string.Empty;

    /// <summary>Timeout of one HTTP request; a timed-out write is retried.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Problems with these settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section = "Storage:InfluxV2")
    {
        var errors = new List<string>();
        SinkUrls.CheckUrl(Url, $"{section}:Url", errors);
        if (string.IsNullOrWhiteSpace(Org))
        {
            errors.Add($"{section}:Org is required");
        }

        if (string.IsNullOrWhiteSpace(Bucket))
        {
            errors.Add($"{section}:Bucket is required");
        }

        if (string.IsNullOrWhiteSpace(Token))
        {
            errors.Add($"{section}:Token is required");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{section}:Timeout must be positive; it is {Timeout}");
        }

        return errors;
    }
}
