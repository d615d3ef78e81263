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

    /// <summary>Checks the settings.</summary>
    public IEnumerable<string> Validate()
    {
        if (Token is not null && (Token.Length < MinTokenLength || Token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            yield return $"Jobs:Token must be at least {MinTokenLength} characters without spaces (or unset, to use the generated api-token file)";
        }
    }
}
