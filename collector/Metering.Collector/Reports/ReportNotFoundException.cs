namespace Metering.Collector.Reports;

/// <summary>The store holds nothing to report on: an unknown job id, no job in the range, a node with no buckets.</summary>
public sealed class ReportNotFoundException : Exception
{
    /// <summary>A not-found error; <paramref name="message"/> names what was looked for and where.</summary>
    public ReportNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>A not-found error with no message.</summary>
    public ReportNotFoundException()
    {
    }

    /// <summary>A not-found error caused by <paramref name="inner"/>.</summary>
    public ReportNotFoundException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
