using System.Text.Json;

namespace Metering.Collector.Jobs;

/// <summary>
/// A job's allocations as JSON, the way the HTTP API shows them and jobs.db keeps them:
/// <c>[{"node":"gpu-a07","gpus":[0,1],"cpus":16}]</c>.
/// </summary>
public static class AllocationJson
{
    /// <summary>Writes the allocations as a JSON array.</summary>
    public static void Write(Utf8JsonWriter json, IReadOnlyList<JobAllocation> allocations)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(allocations);
        json.WriteStartArray();
        foreach (var a in allocations)
        {
            json.WriteStartObject();
            json.WriteString("node", a.NodeId);
            json.WriteStartArray("gpus");
            foreach (var gpu in a.GpuIndices)
            {
                json.WriteNumberValue(gpu);
            }

            json.WriteEndArray();
            json.WriteNumber("cpus", a.CpuCores);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The allocations as a JSON text.</summary>
    public static string ToText(IReadOnlyList<JobAllocation> allocations)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, allocations);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads what <see cref="Write"/> wrote.</summary>
    /// <exception cref="FormatException">Not an array of {node, gpus, cpus} objects.</exception>
    public static IReadOnlyList<JobAllocation> Read(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"allocations must be a JSON array, got {array.ValueKind}");
        }

        var allocations = new List<JobAllocation>(array.GetArrayLength());
        foreach (var a in array.EnumerateArray())
        {
            if (a.ValueKind != JsonValueKind.Object || !a.TryGetProperty("node", out var node) || node.ValueKind != JsonValueKind.String)
            {
                throw new FormatException($"an allocation must be an object with a \"node\" string: {a.GetRawText()}");
            }

            var gpus = a.TryGetProperty("gpus", out var g) && g.ValueKind == JsonValueKind.Array
                ? g.EnumerateArray().Select(i => i.GetInt32()).ToArray()
                : [];
            var cpus = a.TryGetProperty("cpus", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : 0;
            allocations.Add(new JobAllocation(node.GetString()!, gpus, cpus));
        }

        return allocations;
    }

    /// <summary>Parses a JSON text written by <see cref="ToText"/>.</summary>
    /// <exception cref="FormatException">Not JSON, or not allocations.</exception>
    public static IReadOnlyList<JobAllocation> Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return Read(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new FormatException($"allocations are not JSON: {e.Message}", e);
        }
    }
}
