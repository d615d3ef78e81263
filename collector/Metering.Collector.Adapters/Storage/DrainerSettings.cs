namespace Metering.Collector.Storage;

/// <summary>How the drainer groups batches and backs off (configuration section <c>Storage:Drain</c>).</summary>
public sealed record DrainerSettings
{
    /// <summary>Most outbox batches sent in one sink write (consecutive batches are concatenated).</summary>
    public int MaxBatchesPerWrite { get; init; } = 1000;

    /// <summary>Most bytes in one sink write. InfluxDB 1.x refuses bodies over 25 MB by default (max-body-size).</summary>
    public long MaxBytesPerWrite { get; init; } = 4L * 1024 * 1024;

    /// <summary>First retry delay (before jitter).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on the retry delay (before jitter).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Problems with these settings, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate(string section = "Storage:Drain")
    {
        var errors = new List<string>();
        if (MaxBatchesPerWrite < 1)
        {
            errors.Add($"{section}:MaxBatchesPerWrite must be at least 1; it is {MaxBatchesPerWrite}");
        }

        if (MaxBytesPerWrite < 1)
        {
            errors.Add($"{section}:MaxBytesPerWrite must be positive; it is {MaxBytesPerWrite}");
        }

        if (InitialBackoff <= TimeSpan.Zero)
        {
            errors.Add($"{section}:InitialBackoff must be positive; it is {InitialBackoff}");
        }

        if (MaxBackoff < InitialBackoff)
        {
            errors.Add($"{section}:MaxBackoff must be at least InitialBackoff; it is {MaxBackoff}");
        }

        return errors;
    }
}
