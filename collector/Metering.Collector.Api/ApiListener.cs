using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Metering.Collector.Host;
using Metering.Collector.Host.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Metering.Collector.Api;

/// <summary>
/// The HTTP API's listener on Kestrel: <c>Http:Url</c>, and for an https URL the certificate of
/// <c>Http:CertificatePath</c> (PEM with <c>Http:CertificateKeyPath</c>, a PEM holding its key, or PKCS#12), loaded
/// and checked before anything listens, so a wrong file or password stops the start with one clear error.
/// </summary>
public static class ApiListener
{
    /// <summary>Makes <paramref name="builder"/> listen as <paramref name="http"/> says.</summary>
    /// <exception cref="CollectorConfigurationException">The certificate cannot be loaded or has no private key.</exception>
    public static void Configure(WebApplicationBuilder builder, HttpSettings http)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(http);
        builder.WebHost.UseUrls(http.Url);
        if (!http.IsHttps)
        {
            return;
        }

        var certificate = LoadCertificate(http);

        // The slim builder leaves HTTPS out of Kestrel until asked for.
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(o => o.ServerCertificate = certificate));
    }

    /// <summary>The server certificate with its private key.</summary>
    /// <exception cref="CollectorConfigurationException">It cannot be loaded, or has no private key.</exception>
    public static X509Certificate2 LoadCertificate(HttpSettings http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var path = http.CertificatePath ?? throw new CollectorConfigurationException(["Http:CertificatePath is required for an https Http:Url"]);
        X509Certificate2 certificate;
        try
        {
            certificate = IsPkcs12(path) ? X509CertificateLoader.LoadPkcs12FromFile(path, http.CertificatePassword)
                : http.CertificatePassword is { } password ? X509Certificate2.CreateFromEncryptedPemFile(path, password, http.CertificateKeyPath)
                : X509Certificate2.CreateFromPemFile(path, http.CertificateKeyPath);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CollectorConfigurationException([
                $"Http:CertificatePath {path}{(http.CertificateKeyPath is null ? "" : $" with Http:CertificateKeyPath {http.CertificateKeyPath}")} cannot be loaded: {e.Message}"
                + " (a PEM certificate and its PEM key, a PEM holding both, or a PKCS#12 .pfx/.p12 with Http:CertificatePassword)"]);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new CollectorConfigurationException([$"Http:CertificatePath {path} holds no private key: give it in Http:CertificateKeyPath"]);
        }

        return certificate;
    }

    private static bool IsPkcs12(string path) =>
        path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);
}
