using System.Security.Cryptography;
using Metering.Collector.Storage;
using Microsoft.Data.Sqlite;

namespace Metering.Collector.Tests.Storage;

/// <summary>The dead letters are bounded in bytes: a huge payload keeps its start, size and hash; the oldest go first.</summary>
public sealed class DeadLetterStoreTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_50_MB_payload_keeps_4_KB_with_its_size_and_hash()
    {
        var payload = new byte[50 * 1024 * 1024];
        new Random(1).NextBytes(payload);
        using var store = new DeadLetterStore(_dir.File("collector.db"));

        store.Add(1, "metering/v1/x/telemetry", "malformed_json", "not JSON", payload);

        var letter = Assert.Single(store.Recent(10));
        Assert.Equal(payload.AsSpan(0, DeadLetterStore.KeptPayloadBytes).ToArray(), letter.Payload);
        Assert.Equal((payload.LongLength, Convert.ToHexStringLower(SHA256.HashData(payload)), true), (letter.PayloadBytes, letter.PayloadSha256, letter.Truncated));
        Assert.True(store.Bytes < 5_000, $"{store.Bytes} bytes kept");
        Assert.True(new FileInfo(_dir.File("collector.db")).Length + WalLength() < 1_000_000, "the database holds kilobytes, not the payload");
    }

    [Fact]
    public void Beyond_the_byte_bound_the_oldest_letters_go_and_are_counted()
    {
        using var store = new DeadLetterStore(_dir.File("collector.db"), capacity: 10_000, maxBytes: 100_000);

        for (var i = 0; i < 200; i++)
        {
            store.Add(i, "t/" + i, "too_large", null, new byte[3000]);
        }

        Assert.True(store.Bytes <= 100_000, $"{store.Bytes} bytes kept");
        Assert.Equal(200 - store.Count, store.Evicted);
        Assert.Equal("t/199", store.Recent(1)[0].Topic);
        Assert.True(store.Count >= 30, $"only the oldest go: {store.Count} kept");
    }

    [Fact]
    public void Topic_and_detail_are_cut()
    {
        using var store = new DeadLetterStore(_dir.File("collector.db"));

        store.Add(1, new string('t', 70_000), "invalid_topic", new string('d', 1_000_000), [1, 2, 3]);

        var letter = store.Recent(1)[0];
        Assert.Equal((DeadLetterStore.MaxTopicChars + 3, DeadLetterStore.MaxDetailChars + 3), (letter.Topic.Length, letter.Detail!.Length));
        Assert.EndsWith("...", letter.Topic, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_written_before_the_bound_opens_with_sizes_and_is_trimmed_to_it()
    {
        var path = _dir.File("collector.db");
        using (var db = new SqliteConnection($"Data Source={path}"))
        {
            db.Open();
            using var c = db.CreateCommand();
            c.CommandText = """
                CREATE TABLE dead_letters(id INTEGER PRIMARY KEY AUTOINCREMENT, received_ms INTEGER NOT NULL, topic TEXT NOT NULL,
                  reason TEXT NOT NULL, detail TEXT, payload BLOB NOT NULL);
                INSERT INTO dead_letters(received_ms, topic, reason, detail, payload) VALUES (1, 'old', 'malformed_json', NULL, zeroblob(200000));
                INSERT INTO dead_letters(received_ms, topic, reason, detail, payload) VALUES (2, 'new', 'malformed_json', NULL, zeroblob(10));
                """;
            c.ExecuteNonQuery();
        }

        using var store = new DeadLetterStore(path, maxBytes: 100_000);

        var letter = Assert.Single(store.Recent(10));
        Assert.Equal(("new", 10L, (string?)null, 1L), (letter.Topic, letter.PayloadBytes, letter.PayloadSha256, store.Evicted));
    }

    private long WalLength() => File.Exists(_dir.File("collector.db-wal")) ? new FileInfo(_dir.File("collector.db-wal")).Length : 0;
}
