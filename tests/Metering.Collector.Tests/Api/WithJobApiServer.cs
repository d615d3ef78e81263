using Metering.Collector.Host.Settings;
using Metering.Collector.Tests.EndToEnd;

namespace Metering.Collector.Tests.Api;

/// <summary>A test class with its own collector and HTTP API (<see cref="JobApiServer"/>) over a temporary data directory.</summary>
public abstract class WithJobApiServer : IAsyncLifetime
{
    /// <summary>The collector's data directory.</summary>
    protected string Data { get; } = Collectors.TempDirectory();

    /// <summary>The running collector and API.</summary>
    internal JobApiServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await JobApiServer.StartAsync(Options());

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(Data, recursive: true);
    }

    /// <summary>The collector's settings (<see cref="JobApiServer.Options"/> by default).</summary>
    protected virtual CollectorSettings Options() => JobApiServer.Options(Data);
}
