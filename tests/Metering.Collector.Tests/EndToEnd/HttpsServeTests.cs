using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Metering.Collector.Api;
using Metering.Testing;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// `metering serve` over HTTPS with a certificate from its settings (PEM, or PKCS#12 with a password), made here as a
/// self-signed certificate for 127.0.0.1; `metering job` (what the Slurm hooks call) trusts it through
/// METERING_CA_FILE, and refuses it without.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class HttpsServeTests : IDisposable
{
    private readonly string _dir = Collectors.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("pem")]
    [InlineData("pfx")]
    public async Task Serve_answers_over_tls_with_its_configured_certificate_and_the_hooks_cli_trusts_it_through_its_ca_file(string format)
    {
        using var certificate = SelfSigned();
        var (certificatePath, settings) = Write(certificate, format);
        var url = $"https://127.0.0.1:{FreePort.Next()}";
        var data = Path.Combine(_dir, "data");
        using var serve = MeteringProcess.Start(_dir, $"serve --data {data} --Broker:Port=0 --Http:Url={url} {settings}");
        await Collectors.WaitUntilAsync(() => FreePort.Accepts(new Uri(url).Port), TimeSpan.FromSeconds(60), "serve to listen: " + serve.Output);
        var roots = new X509Certificate2Collection(X509CertificateLoader.LoadCertificate(certificate.RawData));

        using (var trusting = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, c, ch, e) => JobApiClient.TrustedBy(roots, c, ch, e) } }))
        {
            Assert.Equal(HttpStatusCode.OK, (await trusting.GetAsync(url + "/health")).StatusCode);
        }

        using (var untrusting = new HttpClient())
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(url + "/health"));
            Assert.Equal(HttpRequestError.SecureConnectionError, refused.HttpRequestError);
        }

        var env = new Dictionary<string, string> { ["METERING_URL"] = url, ["METERING_TOKEN"] = File.ReadAllText(Path.Combine(data, "api-token")).Trim() };
        var untrusted = MeteringProcess.Run(_dir, "job start --id slurm:1 --source slurm --node n1 --timeout-s 5", env);
        env["METERING_CA_FILE"] = certificatePath;
        var trusted = MeteringProcess.Run(_dir, "job start --id slurm:1 --source slurm --node n1", env);

        Assert.Equal(3, untrusted.ExitCode);
        Assert.Contains($"no TLS connection to {url}/", untrusted.Output, StringComparison.Ordinal);
        Assert.Contains("METERING_CA_FILE", untrusted.Output, StringComparison.Ordinal);
        Assert.True(trusted.ExitCode == 0, trusted.Output);
        Assert.Contains("slurm:1 running since", trusted.Output, StringComparison.Ordinal);
        Assert.Equal(0, serve.Interrupt());
    }

    [Fact]
    public void A_certificate_that_cannot_be_loaded_stops_serve_with_one_error_naming_the_setting()
    {
        var key = Path.Combine(_dir, "broken.pem");
        File.WriteAllText(key, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");

        var (exit, output) = MeteringProcess.Run(_dir, $"serve --data {Path.Combine(_dir, "data")} --Broker:Port=0 --Http:Url=https://127.0.0.1:{FreePort.Next()} --Http:CertificatePath={key}");

        Assert.Equal(2, exit);
        Assert.Contains($"error: Http:CertificatePath {key} cannot be loaded", output, StringComparison.Ordinal);
    }

    /// <summary>A self-signed server certificate for 127.0.0.1 and localhost, valid for a day.</summary>
    internal static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=metering test collector", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    /// <summary>Writes the certificate as the settings take it; returns its PEM (what clients trust) and the serve arguments.</summary>
    private (string CertificatePem, string Settings) Write(X509Certificate2 certificate, string format)
    {
        var pem = Path.Combine(_dir, "collector.crt");
        File.WriteAllText(pem, certificate.ExportCertificatePem());
        if (format == "pem")
        {
            var key = Path.Combine(_dir, "collector.key");
            File.WriteAllText(key, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            return (pem, $"--Http:CertificatePath={pem} --Http:CertificateKeyPath={key}");
        }

        var pfx = Path.Combine(_dir, "collector.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx-password"));
        return (pem, $"--Http:CertificatePath={pfx} --Http:CertificatePassword=pfx-password");
    }
}
