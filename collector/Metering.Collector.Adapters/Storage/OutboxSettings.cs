namespace Metering.Collector.Storage;

/// <summary>Settings of the durable outbox (configuration section <c>Storage:Outbox</c>).</summary>
public sealed record OutboxSettings
{
    /// <summary>The default bound, 2 GiB of pending line protocol: over an hour of a 1,000-device site (Storage README).</summary>
    public const long DefaultMaxBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>Path of the outbox's SQLite database file (created if missing; -wal and -shm files sit beside it).</summary>
    public string Path { get; init; } = "metering-outbox.db";

    /// <summary>
    /// The bound, in bytes of line protocol held (pending batches plus dead letters). When an append would pass it,
    /// <see cref="SqliteOutbox.AppendAsync"/> waits until the drainer frees space. The file is larger by SQLite's
    /// page overhead (measured in the Storage README).
    /// </summary>
    public long MaxBytes { get; init; } = DefaultMaxBytes;

    /// <summary>fsync policy; <see cref="SqliteSync.Full"/> unless you accept the power-loss risk of <see cref="SqliteSync.Normal"/>.</summary>
    public SqliteSync Synchronous { get; init; } = SqliteSync.Full;

    /// <summary>Problems with these settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section = "Storage:Outbox")
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Path))
        {
            errors.Add($"{section}:Path is required");
        }

        if (MaxBytes <= 0)
        {
            errors.Add($"{section}:MaxBytes must be positive; it is {MaxBytes}");
        }

        if (!Enum.IsDefined(Synchronous))
        {
            errors.Add($"{section}:Synchronous must be Full or Normal; it is {Synchronous}");
        }

        return errors;
    }
}
