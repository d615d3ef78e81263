namespace Metering.Collector.Reports;

/// <summary>What a report is about: one job, the jobs of a project, model or user, or one node.</summary>
public enum ReportKind
{
    /// <summary>One job by id: its summary and, per node, the node's power with the job's share.</summary>
    Job,

    /// <summary>The jobs of a project (account) that started in the range, with totals.</summary>
    Project,

    /// <summary>The jobs of a model that started in the range, with totals.</summary>
    Model,

    /// <summary>The jobs of a user that started in the range, with totals.</summary>
    User,

    /// <summary>One node over the range: its measured power, each job's share, idle overhead and unallocated energy.</summary>
    Node,
}
