namespace Metering.Collector.Reports;

/// <summary>What a report row stands for.</summary>
public enum RowKind
{
    /// <summary>A job (in a node report: its share of that node in the range).</summary>
    Job,

    /// <summary>The sum of a project, model or user report's jobs.</summary>
    Total,

    /// <summary>Idle energy the node kept (idle policy overhead).</summary>
    Overhead,

    /// <summary>Energy of idle, unallocated resources or with no job to take it.</summary>
    Unallocated,

    /// <summary>Measured energy with no stored attribution (buckets attribution has not written, or points lost).</summary>
    Unattributed,

    /// <summary>A node report's node: everything its meters measured in the range.</summary>
    Node,
}

/// <summary>
/// One line of a report: a job's figures as stored (or as summed for a node or a total), in base units, with how
/// they were attributed and how much of the time had meter coverage. Renderers format it; nothing here is rounded.
/// </summary>
public sealed record ReportRow
{
    /// <summary>The flag of figures with no carbon intensity for all or part of their time.</summary>
    public const string CarbonMissingFlag = "carbon_missing";

    /// <summary>What the row stands for.</summary>
    public required RowKind Kind { get; init; }

    /// <summary>The job id; for other rows a label (total, overhead, unallocated, unattributed, or the node id).</summary>
    public required string Label { get; init; }

    /// <summary>Job name.</summary>
    public string? Name { get; init; }

    /// <summary>User.</summary>
    public string? User { get; init; }

    /// <summary>Project or account.</summary>
    public string? Project { get; init; }

    /// <summary>Model.</summary>
    public string? Model { get; init; }

    /// <summary>Purpose.</summary>
    public string? Purpose { get; init; }

    /// <summary>Job source: slurm, api, run.</summary>
    public string? Source { get; init; }

    /// <summary>Job state as stored: running, completed, failed, cancelled, timeout, node_fail, preempted, out_of_memory, requeued, ended.</summary>
    public string? State { get; init; }

    /// <summary>Nodes the job ran on (a node report: the node).</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>GPUs allocated, over all nodes.</summary>
    public long Gpus { get; init; }

    /// <summary>CPU cores allocated, over all nodes.</summary>
    public long Cpus { get; init; }

    /// <summary>Job start, ms since the Unix epoch; null for rows that are not jobs.</summary>
    public long? StartMs { get; init; }

    /// <summary>Job end, ms since the Unix epoch; null while running and for rows that are not jobs.</summary>
    public long? EndMs { get; init; }

    /// <summary>
    /// Time the figures cover, ms: a job's duration (to the last summary while running); in a node report the job's
    /// time on the node inside the range; for a total the sum over its jobs.
    /// </summary>
    public long DurationMs { get; init; }

    /// <summary>IT energy (the node's wall energy attributed), mJ.</summary>
    public long ItMillijoules { get; init; }

    /// <summary>Its idle part, mJ.</summary>
    public long IdleMillijoules { get; init; }

    /// <summary>Its dynamic part, mJ.</summary>
    public long DynamicMillijoules { get; init; }

    /// <summary>Facility energy (IT x PUE), mJ.</summary>
    public long FacilityMillijoules { get; init; }

    /// <summary>CO2e of the facility energy, g, as stored (0 for time without a carbon intensity: see <see cref="KnownCo2eGrams"/>).</summary>
    public double Co2eGrams { get; init; }

    /// <summary>
    /// CO2e, g, or null when unknown: the figures carry <see cref="CarbonMissingFlag"/> (no carbon intensity for all or
    /// part of their time). Reports show it as n/a (JSON null, an empty CSV cell), never as 0, which a spreadsheet
    /// would sum as if the energy were clean.
    /// </summary>
    public double? KnownCo2eGrams => Flags.Contains(CarbonMissingFlag, StringComparer.Ordinal) ? null : Co2eGrams;

    /// <summary>Mean power over the attributed time, W; null where it means nothing (a total of several jobs).</summary>
    public double? MeanWatts { get; init; }

    /// <summary>Highest bucket power, W; null where it means nothing.</summary>
    public double? PeakWatts { get; init; }

    /// <summary>Idle / IT energy, 0..1.</summary>
    public double IdleShare { get; init; }

    /// <summary>Share of the row's node-time the meters covered, 0..1.</summary>
    public double Coverage { get; init; }

    /// <summary>allocation, estimate, mixed, or none (no records).</summary>
    public string Method { get; init; } = ReportMethods.None;

    /// <summary>Caveats as stored (snake_case names, e.g. partial_coverage).</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>Node buckets with a record.</summary>
    public long Buckets { get; init; }

    /// <summary>A Slurm array task's array job id (the 3 of 3_0); null otherwise.</summary>
    public long? ArrayJobId { get; init; }

    /// <summary>A Slurm array task's index (the 0 of 3_0); null otherwise.</summary>
    public long? ArrayTaskId { get; init; }

    /// <summary>Jobs the row sums (1 for a job row).</summary>
    public int Jobs { get; init; } = 1;

    /// <summary>IT energy, kWh.</summary>
    public double ItKwh => ItMillijoules / ReportUnits.MillijoulesPerKwh;

    /// <summary>Facility energy, kWh.</summary>
    public double FacilityKwh => FacilityMillijoules / ReportUnits.MillijoulesPerKwh;

    /// <summary>CO2e, kg, or null when unknown.</summary>
    public double? Co2eKilograms => KnownCo2eGrams / 1000;

    /// <summary>True for a job with no end yet.</summary>
    public bool Running => Kind == RowKind.Job && StartMs is not null && EndMs is null;
}
