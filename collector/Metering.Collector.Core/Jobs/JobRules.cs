namespace Metering.Collector.Jobs;

/// <summary>
/// What a job report from outside (HTTP API, <c>metering job</c>) must look like before the store takes it. Each
/// rule's text is used in error messages, so a caller learns the rule from the refusal.
/// </summary>
public static class JobRules
{
    /// <summary>Longest job or node id.</summary>
    public const int MaxIdLength = 128;

    /// <summary>The id rule, for error messages.</summary>
    public const string IdRule = "1 to 128 characters of ASCII letters, digits, ':', '.', '_' or '-'";

    /// <summary>Longest name, user, project, model or purpose.</summary>
    public const int MaxLabelLength = 256;

    /// <summary>Highest GPU index (no node has more GPUs; a larger one is a mistake, not a GPU).</summary>
    public const int MaxGpuIndex = 4095;

    /// <summary>Most CPUs on one node.</summary>
    public const int MaxCpus = 1_000_000;

    /// <summary>Most nodes in one job report.</summary>
    public const int MaxAllocations = 4096;

    /// <summary>
    /// Earliest time accepted, ms (2000-01-01T00:00:00Z): anything earlier is almost surely seconds sent as
    /// milliseconds (1.7e9 s is January 1970 read as ms).
    /// </summary>
    public const long MinTimeMs = 946_684_800_000;

    /// <summary>Latest time accepted, ms (9999-12-31T23:59:59.999Z, the last instant DateTimeOffset can show).</summary>
    public const long MaxTimeMs = 253_402_300_799_999;

    /// <summary>
    /// Highest estimate accepted, watts (10 MW): the bound above which attribution ignores an estimate
    /// (Attribution/ActiveJob.cs), so the API refuses it instead of storing something that is never used.
    /// </summary>
    public const double MaxEstimateWatts = 1e7;

    /// <summary>Highest exit status a script can return.</summary>
    public const int MaxExitCode = 255;

    /// <summary>Highest signal number accepted (Linux has 64).</summary>
    public const int MaxSignal = 127;

    /// <summary>True when <paramref name="id"/> is a valid job or node id (<see cref="IdRule"/>).</summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is ':' or '.' or '_' or '-');

    /// <summary>True when <paramref name="ms"/> is within [<see cref="MinTimeMs"/>, <see cref="MaxTimeMs"/>].</summary>
    public static bool IsValidTime(long ms) => ms is >= MinTimeMs and <= MaxTimeMs;

    /// <summary>The time rule, for error messages.</summary>
    public const string TimeRule = "milliseconds since the Unix epoch, from 2000-01-01 (946684800000) on; seconds are too small";
}
