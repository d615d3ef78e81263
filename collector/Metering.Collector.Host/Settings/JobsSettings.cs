namespace Metering.Collector.Host.Settings;

/// <summary>The HTTP job API (configuration section <c>Jobs</c>; Jobs/README.md).</summary>
public sealed class JobsSettings
{
    /// <summary>Shortest configured token: shorter ones are guessable.</summary>
    public const int MinTokenLength = 16;

    /// <summary>
    /// The bearer token that state-changing job API calls must carry (<c>Jobs:Token</c>, env
    /// <c>METERING__Jobs__Token</c>). When null, the collector generates one into DATA_DIR/api-token (mode 0600).
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// The read-only token for dashboards (<c>Jobs:ReadToken</c>): every read of the HTTP API, no write. When null, the
    /// collector generates one into DATA_DIR/api-read-token.
    /// </summary>
    public string? ReadToken { get; set; }

    /// <summary>Checks the settings.</summary>
    public IEnumerable<string> Validate()
    {
        if (Token is not null && !IsStrong(Token))
        {
            yield return $"Jobs:Token must be at least {MinTokenLength} characters without spaces (or unset, to use the generated api-token file)";
        }

        if (ReadToken is not null && !IsStrong(ReadToken))
        {
            yield return $"Jobs:ReadToken must be at least {MinTokenLength} characters without spaces (or unset, to use the generated api-read-token file)";
        }

        if (Token is not null && ReadToken == Token)
        {
            yield return "Jobs:ReadToken must differ from Jobs:Token (it grants reads only)";
        }

        if (Token?.StartsWith(Host.ApiToken.NodePrefix, StringComparison.Ordinal) == true || ReadToken?.StartsWith(Host.ApiToken.NodePrefix, StringComparison.Ordinal) == true)
        {
            yield return $"Jobs:Token and Jobs:ReadToken must not start with '{Host.ApiToken.NodePrefix}' (the form of node tokens)";
        }
    }

    private static bool IsStrong(string token) => token.Length >= MinTokenLength && !token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
}
