using System.Net;

namespace Metering.Collector.Host.Settings;

/// <summary>The HTTP API (configuration section <c>Http</c>; Api/README.md).</summary>
public sealed class HttpSettings
{
    /// <summary>Listen URL; loopback by default. <c>https://</c> needs <see cref="CertificatePath"/>.</summary>
    public string Url { get; set; } = "http://127.0.0.1:8080";

    /// <summary>
    /// Whether reads (jobs, devices, node power) need the admin or read-only token. Null: exactly when
    /// <see cref="Url"/> binds beyond loopback (<see cref="IsLoopbackOnly"/>). True also makes a loopback API private
    /// to the token's holders (a shared host, or a reverse proxy in front of it). False beyond loopback is refused.
    /// Dead letters always need a token.
    /// </summary>
    public bool? ReadsNeedToken { get; set; }

    /// <summary>The server certificate for https: a PEM certificate (with <see cref="CertificateKeyPath"/>) or a PKCS#12 (.pfx/.p12) file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>; null when the key is in the certificate file (PEM or PKCS#12).</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>The PKCS#12 file's password, or an encrypted PEM key's; prefer the environment (METERING__Http__CertificatePassword).</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The decision in force: <see cref="ReadsNeedToken"/>, else true when the API is reachable beyond loopback.</summary>
    public bool ReadsNeedTokenInEffect => ReadsNeedToken ?? !IsLoopbackOnly(Url);

    /// <summary>True when <see cref="Url"/> is https.</summary>
    public bool IsHttps => Url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// True when a listener on <paramref name="url"/> is reachable from this host only: its host is a loopback address
    /// (127.0.0.0/8, ::1, ::ffff:127.x) or <c>localhost</c> (which Kestrel binds to both loopback addresses). Anything
    /// else is reachable beyond loopback: a wildcard (0.0.0.0, [::], *, +), a LAN address, a host name, or a URL this
    /// rule cannot read. This is the seam the "reads need a token beyond loopback" rule hangs on: tests never bind
    /// beyond 127.0.0.1, so the rule is tested as a table here, and the process tests force its outcome through
    /// <see cref="ReadsNeedToken"/> on loopback, which takes the same path in the API.
    /// </summary>
    public static bool IsLoopbackOnly(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return false;
        }

        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address)
            && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    /// <summary>Checks the settings; each message names its setting.</summary>
    public IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            yield return $"Http:Url must be an http(s) URL, got '{Url}'";
            yield break;
        }

        if (ReadsNeedToken == false && !IsLoopbackOnly(Url))
        {
            yield return $"Http:ReadsNeedToken=false with Http:Url {Url}, which is reachable beyond loopback, would show every user's jobs to anyone who can connect: give dashboards the read-only token (Jobs:ReadToken or the api-read-token file) instead";
        }

        if (IsHttps && CertificatePath is null)
        {
            yield return $"Http:Url {Url} is https: set Http:CertificatePath (a PEM certificate with Http:CertificateKeyPath, or a PKCS#12 file)";
        }

        if (!IsHttps && CertificatePath is not null)
        {
            yield return $"Http:CertificatePath is set but Http:Url {Url} is plain http: use an https:// URL";
        }

        foreach (var (name, path) in new[] { ("CertificatePath", CertificatePath), ("CertificateKeyPath", CertificateKeyPath) })
        {
            if (path is not null && !File.Exists(path))
            {
                yield return $"Http:{name} '{path}' does not exist";
            }
        }

        if (CertificateKeyPath is not null && CertificatePath is null)
        {
            yield return "Http:CertificateKeyPath needs Http:CertificatePath";
        }
    }
}
