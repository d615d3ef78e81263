using System.Text.Json;

namespace Metering.Collector.Jobs.Slurm;

/// <summary>
/// A job's per-node allocation in squeue's JSON. Node names come from <c>job_resources.allocated_nodes</c> (else the
/// <c>nodes</c> host list); <c>gres_detail</c> has one entry per node in the same order (only while the job runs);
/// CPUs per node are the node's allocated cores scaled to the job's <c>cpus</c> (equal to the cores unless Slurm
/// counts hardware threads as CPUs).
/// </summary>
internal static class SqueueNodes
{
    public static IReadOnlyList<SqueueNode> Parse(JsonElement job)
    {
        var cores = AllocatedCores(job);
        var names = cores.Count > 0 ? cores.Select(c => c.Node).ToList() : Hostlist.Expand(SqueueFields.Text(job, "nodes"));
        if (names.Count == 0)
        {
            return [];
        }

        var gres = GresEntries(job);
        var cpus = (int)(SqueueFields.Number(job, "cpus") ?? 0);
        var totalCores = cores.Sum(c => c.Cores);
        var nodes = new List<SqueueNode>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var nodeCpus = totalCores > 0 && cores.Count == names.Count
                ? (int)Math.Round((double)cores[i].Cores * cpus / totalCores)
                : cpus / names.Count;
            var gpus = gres.Count == names.Count ? GresDetail.GpuIndices(gres[i]) : [];
            nodes.Add(new SqueueNode(names[i], nodeCpus, gpus));
        }

        return nodes;
    }

    private static List<string> GresEntries(JsonElement job) =>
        job.TryGetProperty("gres_detail", out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : "").ToList()
            : [];

    // job_resources.allocated_nodes[i] = {"nodename": "n1", "sockets": {"0": {"cores": {"0": "allocated", ...}}}}
    private static List<(string Node, int Cores)> AllocatedCores(JsonElement job)
    {
        var result = new List<(string, int)>();
        if (!job.TryGetProperty("job_resources", out var resources) || resources.ValueKind != JsonValueKind.Object
            || !resources.TryGetProperty("allocated_nodes", out var nodes) || nodes.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var node in nodes.EnumerateArray())
        {
            var name = SqueueFields.Text(node, "nodename");
            if (name.Length == 0)
            {
                return [];
            }

            result.Add((name, CountAllocatedCores(node)));
        }

        return result;
    }

    private static int CountAllocatedCores(JsonElement node)
    {
        if (!node.TryGetProperty("sockets", out var sockets) || sockets.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }

        var count = 0;
        foreach (var socket in sockets.EnumerateObject())
        {
            if (socket.Value.ValueKind == JsonValueKind.Object && socket.Value.TryGetProperty("cores", out var coreMap)
                && coreMap.ValueKind == JsonValueKind.Object)
            {
                count += coreMap.EnumerateObject().Count(c => c.Value.ValueKind == JsonValueKind.String
                    && c.Value.GetString()!.StartsWith("allocated", StringComparison.Ordinal));
            }
        }

        return count;
    }
}
