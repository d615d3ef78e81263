namespace Metering.Collector.Storage;

/// <summary>Settings of the embedded SQLite store (configuration section <c>Storage:Sqlite</c>).</summary>
public sealed record SqliteSinkSettings
{
    /// <summary>Path of the store's SQLite file (created if missing). Keep it apart from the outbox file.</summary>
    public string Path { get; init; } = "metering.db";

    /// <summary>
    /// fsync policy. Full by default: the outbox deletes a batch once this store committed it, so with Normal a power
    /// loss could roll back points the outbox no longer holds.
    /// </summary>
    public SqliteSync Synchronous { get; init; } = SqliteSync.Full;

    /// <summary>Problems with these settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section = "Storage:Sqlite")
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Path))
        {
            errors.Add($"{section}:Path is required");
        }

        if (!Enum.IsDefined(Synchronous))
        {
            errors.Add($"{section}:Synchronous must be Full or Normal; it is {Synchronous}");
        }

        return errors;
    }
}
