using System.Globalization;
using System.Text.RegularExpressions;

namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// GPU indices in one node's entry of squeue's <c>gres_detail</c> (or the GRES= of <c>scontrol -d show job</c>):
/// "gpu:2(IDX:0-1)", "gpu:(IDX:0,2)", "gpu:a100:2(IDX:0,2-3)", several types "gpu:a100:1(IDX:0),gpu:v100:1(IDX:2)".
/// Other GRES (e.g. "nic:1(IDX:0)", "gpu_mem:...") are not GPUs and are ignored.
/// </summary>
public static partial class GresDetail
{
    // No node has this many GPUs: a longer range is a malformed entry, not a reason to allocate millions of ints.
    private const int MaxRange = 4096;

    /// <summary>The GPU indices, ascending and distinct; empty when the entry has none (or "IDX:N/A").</summary>
    public static IReadOnlyList<int> GpuIndices(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var indices = new SortedSet<int>();
        foreach (Match match in GpuPattern().Matches(entry))
        {
            foreach (var part in match.Groups["idx"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                AddRange(part.Trim(), indices);
            }
        }

        return [.. indices];
    }

    private static void AddRange(string part, SortedSet<int> indices)
    {
        var dash = part.IndexOf('-', StringComparison.Ordinal);
        var from = dash < 0 ? part : part[..dash];
        var to = dash < 0 ? part : part[(dash + 1)..];
        if (int.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var low)
            && int.TryParse(to, NumberStyles.None, CultureInfo.InvariantCulture, out var high)
            && high - low < MaxRange)
        {
            for (var i = low; i <= high; i++)
            {
                indices.Add(i);
            }
        }
    }

    // "gpu", then any ":type" / ":count" parts (possibly empty, as in "gpu:(IDX:0,2)"), then "(IDX:list)".
    [GeneratedRegex(@"(?:^|,)gpu(?::[^:(),]*)*\(IDX:(?<idx>[^)]*)\)", RegexOptions.CultureInvariant)]
    private static partial Regex GpuPattern();
}
