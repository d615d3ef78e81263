namespace Metering.Collector.Reports;

/// <summary>Attribution methods as stored (allocation, estimate, mixed, none) and how several combine.</summary>
public static class ReportMethods
{
    /// <summary>No records: nothing was attributed.</summary>
    public const string None = "none";

    /// <summary>Buckets of different methods.</summary>
    public const string Mixed = "mixed";

    /// <summary>
    /// The method of several rows or records together: none when none of them has one, the method when all that have
    /// one agree, mixed otherwise (rows without records do not make a total mixed).
    /// </summary>
    public static string Combine(IEnumerable<string> methods)
    {
        string? seen = null;
        foreach (var m in methods)
        {
            if (m == None || string.IsNullOrEmpty(m))
            {
                continue;
            }

            if (seen is not null && seen != m)
            {
                return Mixed;
            }

            seen = m;
        }

        return seen ?? None;
    }
}
