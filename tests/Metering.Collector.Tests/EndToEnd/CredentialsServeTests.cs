using System.Net;
using Metering.Collector.Mqtt;
using Metering.Testing;

namespace Metering.Collector.Tests.EndToEnd;

/// <summary>
/// The real `metering serve` with a credentials file that holds devices only: its own subscriber authenticates to the
/// embedded broker as the broker's internal principal, so /health turns healthy without any collector user or a
/// password on the command line.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CredentialsServeTests : IDisposable
{
    private readonly string _dir = Collectors.TempDirectory();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Serve_with_a_credentials_file_is_healthy_out_of_the_box()
    {
        var credentials = Path.Combine(_dir, "credentials");
        CredentialsFile.AddOrReplace(credentials, "rack12-node07-a", "device-secret", iterations: 1000);
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        using var serve = MeteringProcess.Start(_dir, $"serve --data {Path.Combine(_dir, "data")} --Broker:Port=0 --Broker:CredentialsFile={credentials} --Http:Url={url}");
        using var http = new HttpClient { BaseAddress = new Uri(url) };

        await Collectors.WaitUntilAsync(() => Healthy(http), TimeSpan.FromSeconds(60), "/health to answer 200: " + serve.Output);

        Assert.Contains("Connected to MQTT broker 127.0.0.1:", serve.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("unreachable", serve.Output, StringComparison.Ordinal);
        Assert.Equal(0, serve.Interrupt());
    }

    private static bool Healthy(HttpClient http)
    {
        try
        {
            return http.GetAsync("/health").GetAwaiter().GetResult().StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
