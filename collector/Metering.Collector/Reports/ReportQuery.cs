using Metering.Collector.Attribution;
using Metering.Collector.Nodes;
using Metering.Collector.Points;
using Metering.Collector.Storage;

namespace Metering.Collector.Reports;

/// <summary>
/// Reads what the collector stored (Storage/Schema.Jobs.cs, Storage/Schema.cs) through an <see cref="IPointReader"/>:
/// job summaries by id or by project, model or user, and a node's buckets with the jobs' shares. Needs no running
/// collector: the sink is the only source.
/// </summary>
public sealed class ReportQuery
{
    /// <summary>
    /// How far before a job's start its first bucket may begin, ms: the widest bucket the collector allows
    /// (NodeEnergy:BucketSeconds is at most 3600).
    /// </summary>
    public const long BucketLookbackMs = 3_600_000;

    private static readonly Dictionary<string, string> NoTags = [];
    private readonly IPointReader _reader;

    /// <summary>Queries <paramref name="reader"/>.</summary>
    public ReportQuery(IPointReader reader) => _reader = reader ?? throw new ArgumentNullException(nameof(reader));

    /// <summary>The job's stored summary, or null when no <c>job_summary</c> point has its id.</summary>
    public async Task<ReportRow?> JobAsync(string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(jobId);
        var points = await _reader.QueryAsync(AttributionPoints.JobSummaryMeasurement, new Dictionary<string, string> { ["job"] = jobId }, long.MinValue, long.MaxValue, cancellationToken).ConfigureAwait(false);

        // One point per job (keyed at its start); a start corrected later leaves the older point: the newest start wins.
        return points.Count == 0 ? null : StoredJob.Read(points.MaxBy(p => p.TimestampMs)!);
    }

    /// <summary>
    /// The stored summaries a Slurm job number names: for "4711", each run of Slurm job 4711 (slurm:4711,
    /// slurm:4711:run2, ...) and each task of array 4711; for "4711_2" or "slurm:4711_2", each run of that array task.
    /// By array index, run, then id; empty for a key of another form.
    /// </summary>
    public async Task<IReadOnlyList<ReportRow>> SlurmJobsAsync(string key, CancellationToken cancellationToken)
    {
        if (SlurmKey.Parse(key) is not { } wanted)
        {
            return [];
        }

        var points = await _reader.QueryAsync(AttributionPoints.JobSummaryMeasurement, NoTags, long.MinValue, long.MaxValue, cancellationToken).ConfigureAwait(false);
        return [.. points.GroupBy(p => p.Tag("job") ?? "", StringComparer.Ordinal).Select(g => StoredJob.Read(g.MaxBy(p => p.TimestampMs)!))
            .Where(wanted.Matches)
            .OrderBy(j => j.ArrayTaskId ?? -1).ThenBy(SlurmKey.RunOf).ThenBy(j => j.Label, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The jobs whose <paramref name="kind"/> label (project, model or user) is <paramref name="key"/> and that started in
    /// [<paramref name="fromMs"/>, <paramref name="toMs"/>), by start then id.
    /// </summary>
    public async Task<IReadOnlyList<ReportRow>> JobsAsync(ReportKind kind, string key, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        if (kind is not (ReportKind.Project or ReportKind.Model or ReportKind.User))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "jobs are selected by project, model or user");
        }

        // Labels are fields, not tags (Schema.Jobs.cs: they may change), so the selection is made here.
        var points = await _reader.QueryAsync(AttributionPoints.JobSummaryMeasurement, NoTags, fromMs, toMs, cancellationToken).ConfigureAwait(false);
        return [.. points.Select(StoredJob.Read)
            .Where(j => string.Equals(StoredJob.Label(j, kind), key, StringComparison.Ordinal))
            .OrderBy(j => j.StartMs).ThenBy(j => j.Label, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The node's buckets that start in [<paramref name="fromMs"/>, <paramref name="toMs"/>) with the jobs' shares
    /// (only <paramref name="jobId"/>'s when given).
    /// </summary>
    public async Task<NodeSeries> SeriesAsync(string nodeId, long fromMs, long toMs, string? jobId, CancellationToken cancellationToken)
    {
        var energy = await NodeEnergyAsync(nodeId, fromMs, toMs, cancellationToken).ConfigureAwait(false);
        var shares = await JobEnergyAsync(nodeId, jobId, fromMs, toMs, cancellationToken).ConfigureAwait(false);
        return NodeRows.Series(nodeId, energy, shares);
    }

    /// <summary>The node's <c>node_energy</c> points that start in the range, oldest first.</summary>
    public Task<IReadOnlyList<Point>> NodeEnergyAsync(string nodeId, long fromMs, long toMs, CancellationToken cancellationToken) =>
        SortedAsync(NodePoints.NodeEnergy, new() { ["node"] = nodeId }, fromMs, toMs, cancellationToken);

    /// <summary>The node's <c>node_attribution</c> points that start in the range, oldest first.</summary>
    public Task<IReadOnlyList<Point>> NodeAttributionAsync(string nodeId, long fromMs, long toMs, CancellationToken cancellationToken) =>
        SortedAsync(AttributionPoints.NodeAttribution, new() { ["node"] = nodeId }, fromMs, toMs, cancellationToken);

    /// <summary>The node's <c>job_energy</c> points (of <paramref name="jobId"/> only, when given) that start in the range, oldest first.</summary>
    public Task<IReadOnlyList<Point>> JobEnergyAsync(string nodeId, string? jobId, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string> { ["node"] = nodeId };
        if (jobId is not null)
        {
            tags["job"] = jobId;
        }

        return SortedAsync(AttributionPoints.JobEnergy, tags, fromMs, toMs, cancellationToken);
    }

    private async Task<IReadOnlyList<Point>> SortedAsync(string measurement, Dictionary<string, string> tags, long fromMs, long toMs, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tags["node"]);
        var points = await _reader.QueryAsync(measurement, tags, fromMs, toMs, cancellationToken).ConfigureAwait(false);

        // InfluxDB answers series by series; reports read in time order.
        return [.. points.OrderBy(p => p.TimestampMs).ThenBy(p => p.Tag("job"), StringComparer.Ordinal)];
    }
}
