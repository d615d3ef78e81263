using Metering.Collector.Host;
using Metering.Collector.Points;
using Metering.Collector.Storage;
using Metering.Collector.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Metering.Collector.Tests.Host;

/// <summary>One point that no line protocol can carry is set aside; the rest of its batch is stored.</summary>
public sealed class ContainmentTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_unwritable_point_is_dead_lettered_and_the_others_of_its_batch_are_appended()
    {
        using var outbox = new SqliteOutbox(new OutboxSettings { Path = _dir.File("outbox.db") }, TimeProvider.System, NullLogger<SqliteOutbox>.Instance);
        using var letters = new DeadLetterStore(_dir.File("collector.db"));
        var metrics = new CollectorMetrics();
        var containment = new Containment(letters, metrics, TimeProvider.System, NullLogger.Instance);
        Point P(string key) => new("energy_rollup", [new Tag("dimension", "project"), new Tag("key", key)], [new Field("jobs", 1L)], 1_764_374_400_000);

        await containment.AppendAsync(outbox, [P("nlp"), P("ml\\"), P("vision")], CancellationToken.None);

        Assert.Equal((1L, 2L), (outbox.PendingBatches, outbox.PendingPoints));
        var letter = Assert.Single(letters.Recent(10));
        Assert.Equal(("(point) energy_rollup", "unwritable_point"), (letter.Topic, letter.Reason));
        Assert.Contains("backslash", letter.Detail, StringComparison.Ordinal);
        Assert.Contains("ml\\\\", System.Text.Encoding.UTF8.GetString(letter.Payload), StringComparison.Ordinal);
        Assert.Equal(1, metrics.ItemsRefused.WithLabels("point", "unwritable_point").Value);
    }
}
