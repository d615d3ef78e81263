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

    [Fact]
    public async Task A_password_guesser_is_locked_out_and_logged_on_one_line_with_its_username_escaped()
    {
        var credentials = Path.Combine(_dir, "credentials");
        CredentialsFile.AddOrReplace(credentials, "rack12-node07-a", "device-secret", iterations: 1000);
        var (mqtt, url) = (FreePort.Next(), $"http://127.0.0.1:{FreePort.Next()}");
        using var serve = MeteringProcess.Start(_dir, $"serve --data {Path.Combine(_dir, "data")} --Broker:Port={mqtt} --Broker:CredentialsFile={credentials} --Http:Url={url}");
        await Collectors.WaitUntilAsync(() => serve.Output.Contains("Connected to MQTT broker", StringComparison.Ordinal), TimeSpan.FromSeconds(60), () => "serve's subscriber to connect: " + serve.Output);

        for (var i = 0; i < 11; i++)
        {
            using var guess = await Mqtt.TestMqttClient.ConnectAsync(mqtt, "intruder", "rack12-node07-a\u001b[2J\n12:00:00 info: forged", $"guess-{i}");
        }

        await Collectors.WaitUntilAsync(() => serve.Output.Contains("failed logins", StringComparison.Ordinal), TimeSpan.FromSeconds(30), () => "the lockout to be logged: " + serve.Output);
        var line = Assert.Single(serve.Output.Split('\n'), l => l.Contains("failed logins", StringComparison.Ordinal));
        Assert.Contains("MQTT logins from 127.0.0.1 refused for 60 s after 10 failed logins (the last as user rack12-node07-a\\u001B[2J\\n12:00:00 info: forged, client intruder)", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', serve.Output);
        Assert.DoesNotContain(serve.Output.Split('\n'), l => l.StartsWith("12:00:00 info: forged", StringComparison.Ordinal));
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
