using Metering.Collector.Storage;

namespace Metering.Collector.Reports;

/// <summary>Builds a <see cref="Report"/> from what the sink stored.</summary>
public static class ReportBuilder
{
    /// <summary>The report <paramref name="request"/> asks for.</summary>
    /// <exception cref="ArgumentException">The request is invalid (empty key or range); the message says why.</exception>
    /// <exception cref="ReportNotFoundException">The store holds nothing for it; the message names the id and range.</exception>
    public static async Task<Report> BuildAsync(IPointReader reader, ReportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(request));
        }

        var query = new ReportQuery(reader);
        return request.Kind switch
        {
            ReportKind.Job => await JobAsync(query, request, cancellationToken).ConfigureAwait(false),
            ReportKind.Node => await NodeAsync(query, request, cancellationToken).ConfigureAwait(false),
            _ => await LabelAsync(query, request, cancellationToken).ConfigureAwait(false),
        };
    }

    private static async Task<Report> JobAsync(ReportQuery query, ReportRequest request, CancellationToken cancellationToken)
    {
        // The id as stored first; then a Slurm job number ("4711": its runs and array tasks) or an array task ("4711_2").
        var job = await query.JobAsync(request.Key, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            var named = await query.SlurmJobsAsync(request.Key, cancellationToken).ConfigureAwait(false);
            if (named.Count > 1)
            {
                return new Report(request, named, ReportTotals.Sum(named), [], []);
            }

            job = named.Count == 1 ? named[0] : throw new ReportNotFoundException($"job \"{request.Key}\" is not in the store (no job_summary point has that id"
                + (SlurmKey.Parse(request.Key) is null ? "; Slurm jobs are slurm:<job id>, e.g. slurm:4711, or give the bare number 4711)" : ", and no Slurm job or array has that number)"));
        }

        var start = job.StartMs ?? 0;
        var series = new List<NodeSeries>();
        foreach (var node in job.Nodes)
        {
            var s = await query.SeriesAsync(node, start - ReportQuery.BucketLookbackMs, job.EndMs ?? long.MaxValue, job.Label, cancellationToken).ConfigureAwait(false);
            series.Add(s with { Buckets = [.. s.Buckets.Where(b => b.EndMs > start)] });
        }

        return new Report(request, [job], null, [], series);
    }

    private static async Task<Report> LabelAsync(ReportQuery query, ReportRequest request, CancellationToken cancellationToken)
    {
        var jobs = await query.JobsAsync(request.Kind, request.Key, request.FromMs, request.ToMs, cancellationToken).ConfigureAwait(false);
        if (jobs.Count == 0)
        {
            throw new ReportNotFoundException($"no job of {request.KindName} \"{request.Key}\" started {Range(request)}");
        }

        return new Report(request, jobs, ReportTotals.Sum(jobs), [], []);
    }

    private static async Task<Report> NodeAsync(ReportQuery query, ReportRequest request, CancellationToken cancellationToken)
    {
        var (node, from, to) = (request.Key, request.FromMs, request.ToMs);
        var energy = await query.NodeEnergyAsync(node, from, to, cancellationToken).ConfigureAwait(false);
        var shares = await query.JobEnergyAsync(node, null, from, to, cancellationToken).ConfigureAwait(false);
        var attribution = await query.NodeAttributionAsync(node, from, to, cancellationToken).ConfigureAwait(false);
        if (energy.Count == 0 && shares.Count == 0)
        {
            throw new ReportNotFoundException($"nothing is stored for node \"{node}\" {Range(request)} (no node_energy or job_energy point)");
        }

        var summaries = new Dictionary<string, ReportRow>(StringComparer.Ordinal);
        foreach (var id in shares.Select(p => p.Tag("job")).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (await query.JobAsync(id, cancellationToken).ConfigureAwait(false) is { } summary)
            {
                summaries[id] = summary;
            }
        }

        var jobs = NodeRows.Jobs(node, shares, summaries, from, to);
        var remainder = NodeRows.Remainder(node, energy, attribution, jobs);
        return new Report(request, jobs, NodeRows.Node(node, energy, attribution, jobs, remainder), remainder, [NodeRows.Series(node, energy, shares)]);
    }

    /// <summary>A range as the messages print it: "in [2025-02-19T00:00:00Z, 2025-02-20T00:00:00Z)", or "at any time" when unbounded.</summary>
    public static string Range(ReportRequest request) =>
        request.FromMs == long.MinValue && request.ToMs == long.MaxValue ? "at any time" : $"in [{ReportUnits.Time(request.FromMs)}, {ReportUnits.Time(request.ToMs)})";
}
