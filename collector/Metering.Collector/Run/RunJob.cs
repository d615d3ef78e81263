using System.Globalization;

namespace Metering.Collector.Run;

/// <summary>
/// The job <c>metering run</c> registers: id <c>run:HOST-PID-STARTMS</c>, one allocation on the node given (or this
/// host's short name) with the GPUs of <c>CUDA_VISIBLE_DEVICES</c> and the cores this process may use, and labels.
/// </summary>
/// <param name="Id">Job id.</param>
/// <param name="NodeId">The node it runs on.</param>
/// <param name="Gpus">GPU indices it holds.</param>
/// <param name="Cpus">CPU cores it holds.</param>
/// <param name="StartMs">Start, ms since the Unix epoch.</param>
/// <param name="Name">Human name (default: the command line).</param>
/// <param name="User">Who runs it.</param>
/// <param name="Project">Project it is charged to.</param>
/// <param name="Model">Model it trains or serves.</param>
public sealed record RunJob(string Id, string NodeId, IReadOnlyList<int> Gpus, int Cpus, long StartMs, string? Name, string? User, string? Project, string? Model)
{
    /// <summary>The id of a run started on <paramref name="host"/> by process <paramref name="pid"/> at <paramref name="startMs"/>.</summary>
    public static string IdFor(string host, int pid, long startMs) => string.Create(CultureInfo.InvariantCulture, $"run:{host}-{pid}-{startMs}");

    /// <summary>A host name without its domain, lower case: the node id inventories use by convention.</summary>
    public static string ShortHostName(string machineName) => machineName.Split('.')[0].ToLowerInvariant();

    /// <summary>
    /// GPU indices from <c>CUDA_VISIBLE_DEVICES</c>: unset gives none (the variable says nothing), <c>0,2</c> gives
    /// 0 and 2, an empty value or <c>-1</c> gives none. GPU UUIDs and MIG ids (<c>GPU-...</c>, <c>MIG-...</c>) name no
    /// index: none, with a warning.
    /// </summary>
    public static (IReadOnlyList<int> Gpus, string? Warning) GpusFrom(string? cudaVisibleDevices)
    {
        if (string.IsNullOrWhiteSpace(cudaVisibleDevices))
        {
            return ([], null);
        }

        var gpus = new List<int>();
        foreach (var part in cudaVisibleDevices.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                // CUDA stops at the first invalid entry; a negative one hides the rest.
                if (part.StartsWith('-'))
                {
                    break;
                }

                return ([], $"CUDA_VISIBLE_DEVICES={cudaVisibleDevices} names GPUs by UUID, not by index: the job is registered without GPUs (give --gpus)");
            }

            if (!gpus.Contains(index))
            {
                gpus.Add(index);
            }
        }

        return (gpus, null);
    }

    /// <summary>Reads <c>--gpus 0,1</c>.</summary>
    /// <exception cref="FormatException">Not a comma-separated list of GPU indices.</exception>
    public static IReadOnlyList<int> ParseGpus(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var gpus = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > 1023)
            {
                throw new FormatException($"--gpus '{text}' must be comma-separated GPU indices like 0,1 (0..1023)");
            }

            gpus.Add(index);
        }

        return gpus.Distinct().ToList();
    }
}
