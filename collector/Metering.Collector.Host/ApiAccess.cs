namespace Metering.Collector.Host;

/// <summary>What a caller of the HTTP API may do, from the token it sent.</summary>
public enum ApiRole
{
    /// <summary>No token, or one the collector does not know.</summary>
    None,

    /// <summary>The admin token (<c>Jobs:Token</c> or api-token): every call.</summary>
    Admin,

    /// <summary>The read-only token (<c>Jobs:ReadToken</c> or api-read-token), for dashboards: every read, no write.</summary>
    Reader,

    /// <summary>A node token (<see cref="ApiToken.NodeToken"/>), for the Slurm hooks: start and end jobs on its node only.</summary>
    Node,
}

/// <summary>The caller of one request: its role and, for a node token, its node.</summary>
/// <param name="Role">What the token allows.</param>
/// <param name="Node">The node a node token speaks for; null otherwise.</param>
public sealed record ApiCaller(ApiRole Role, string? Node = null)
{
    /// <summary>A caller without a valid token.</summary>
    public static ApiCaller Anonymous { get; } = new(ApiRole.None);

    /// <summary>True for the admin and the read-only token.</summary>
    public bool MayRead => Role is ApiRole.Admin or ApiRole.Reader;

    /// <summary>True for the admin token and node tokens (a node token only on its node: the job API checks the job).</summary>
    public bool MayWrite => Role is ApiRole.Admin or ApiRole.Node;
}

/// <summary>
/// The HTTP API's tokens and when reads need one. <see cref="ReadsNeedToken"/> comes from the settings
/// (<c>Http:ReadsNeedToken</c>, by default true exactly when <c>Http:Url</c> binds beyond loopback:
/// <see cref="Settings.HttpSettings.IsLoopbackOnly"/>), so this class only applies a decision made once at start.
/// </summary>
/// <param name="admin">The admin token; it also keys the node tokens.</param>
/// <param name="reader">The read-only token, if any.</param>
/// <param name="readsNeedToken">True when reads of jobs, devices, node power and dead letters need the admin or read-only token.</param>
public sealed class ApiAccess(ApiToken admin, ApiToken? reader, bool readsNeedToken)
{
    /// <summary>The admin token.</summary>
    public ApiToken Admin => admin;

    /// <summary>The read-only token, if any.</summary>
    public ApiToken? Reader => reader;

    /// <summary>True when reads need a token (dead letters always do).</summary>
    public bool ReadsNeedToken => readsNeedToken;

    /// <summary>Who sent <paramref name="authorization"/> (an Authorization header, or null).</summary>
    public ApiCaller Identify(string? authorization)
    {
        if (admin.Accepts(authorization))
        {
            return new ApiCaller(ApiRole.Admin);
        }

        if (reader?.Accepts(authorization) == true)
        {
            return new ApiCaller(ApiRole.Reader);
        }

        return admin.NodeOf(authorization) is { } node ? new ApiCaller(ApiRole.Node, node) : ApiCaller.Anonymous;
    }
}
