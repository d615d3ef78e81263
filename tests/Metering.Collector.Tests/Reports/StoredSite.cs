namespace Metering.Collector.Tests.Reports;

/// <summary>One <see cref="ReportFixture"/> store for the tests of a class (reports only read it).</summary>
public sealed class StoredSite : IAsyncLifetime
{
    internal ReportFixture Fixture { get; private set; } = null!;

    public async Task InitializeAsync() => Fixture = await ReportFixture.CreateAsync();

    public Task DisposeAsync()
    {
        Fixture.Dispose();
        return Task.CompletedTask;
    }
}
