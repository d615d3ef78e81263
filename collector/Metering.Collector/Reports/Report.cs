namespace Metering.Collector.Reports;

/// <summary>
/// A report, ready to render: the rows in base units, their totals, the remainder rows of a node report, and the power
/// series the charts draw. Built by <see cref="ReportBuilder"/> from what the sink stored.
/// </summary>
/// <param name="Request">What was asked.</param>
/// <param name="Jobs">Job rows, by start time then id (a node report: each job's share of the node in the range).</param>
/// <param name="Total">
/// Project, model and user reports: the sum of the jobs. Node reports: the node, everything measured. Null for a job report.
/// </param>
/// <param name="Remainder">
/// Node reports: idle overhead, unallocated and (when not 0) unattributed energy, so that jobs + remainder = measured
/// (ARCHITECTURE.md, invariant 2). Empty otherwise.
/// </param>
/// <param name="Series">Job reports: each node of the job. Node reports: the node. Empty otherwise.</param>
public sealed record Report(ReportRequest Request, IReadOnlyList<ReportRow> Jobs, ReportRow? Total, IReadOnlyList<ReportRow> Remainder, IReadOnlyList<NodeSeries> Series)
{
    /// <summary>Every row a table shows, in order: jobs, remainder, total.</summary>
    public IEnumerable<ReportRow> Rows => Jobs.Concat(Remainder).Concat(Total is null ? [] : [Total]);

    /// <summary>A short title: "job slurm:4711", "project llm", "node gpu-a01".</summary>
    public string Title => Request.KindName + " " + Request.Key;
}
