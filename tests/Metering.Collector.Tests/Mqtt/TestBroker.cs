using Metering.Collector.Mqtt;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>An embedded broker on a free loopback port, with (or without) a credentials file of two devices and the collector.</summary>
internal sealed class TestBroker : IAsyncDisposable
{
    public static readonly (string User, string Password)[] Users = [("dev-a", "pass-a"), ("dev-b", "pass-b"), ("collector", "pass-c")];

    private readonly bool _ownsDirectory;

    private TestBroker(string directory, EmbeddedBroker broker, bool ownsDirectory)
    {
        Directory = directory;
        Broker = broker;
        _ownsDirectory = ownsDirectory;
    }

    public string Directory { get; }

    public EmbeddedBroker Broker { get; }

    public int Port => Broker.Port;

    public string CredentialsPath => Path.Combine(Directory, "credentials");

    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "metering-broker-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Starts a broker; <paramref name="secured"/> writes the credentials file (cheap hashes: test passwords).</summary>
    public static async Task<TestBroker> StartAsync(bool secured = true, Func<EmbeddedBrokerOptions, EmbeddedBrokerOptions>? adjust = null, string? directory = null,
        Microsoft.Extensions.Logging.ILogger? log = null)
    {
        var owns = directory is null;
        directory ??= NewDirectory();
        var credentials = Path.Combine(directory, "credentials");
        if (secured && !File.Exists(credentials))
        {
            CredentialsFile.AddOrReplace(credentials, Users, iterations: 1000);
        }

        var options = new EmbeddedBrokerOptions { Port = 0, CredentialsPath = secured ? credentials : null };
        var broker = new EmbeddedBroker(adjust is null ? options : adjust(options), log);
        await broker.StartAsync();
        return new TestBroker(directory, broker, owns);
    }

    public static string PasswordOf(string user) => Users.Single(u => u.User == user).Password;

    public Task<TestMqttClient> ConnectAsync(string user, string? clientId = null, MQTTnet.Formatter.MqttProtocolVersion version = MQTTnet.Formatter.MqttProtocolVersion.V500) =>
        TestMqttClient.ConnectAsync(Port, clientId ?? user, user, PasswordOf(user), version);

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        if (!_ownsDirectory)
        {
            return;
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
