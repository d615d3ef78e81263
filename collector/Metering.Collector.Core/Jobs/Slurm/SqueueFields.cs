using System.Text.Json;

namespace Metering.Collector.Jobs.Slurm;

/// <summary>Field readers for squeue's JSON that tolerate the shapes of later Slurm versions.</summary>
internal static class SqueueFields
{
    /// <summary>A string field, or "" when absent or null.</summary>
    public static string Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";

    /// <summary>
    /// An integer field: a plain number (22.05) or {"set": true, "infinite": false, "number": n} (23.02+);
    /// null when absent, null, unset or infinite.
    /// </summary>
    public static long? Number(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? Number(v) : null;

    /// <summary>The base job state: a string (22.05) or the first item of a list (23.02+); "" when absent.</summary>
    public static string State(JsonElement job)
    {
        if (!job.TryGetProperty("job_state", out var v))
        {
            return "";
        }

        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString()!,
            JsonValueKind.Array when v.GetArrayLength() > 0 && v[0].ValueKind == JsonValueKind.String => v[0].GetString()!,
            _ => "",
        };
    }

    private static long? Number(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number when v.TryGetInt64(out var n) => n,
        JsonValueKind.Object when v.TryGetProperty("set", out var set) && set.ValueKind == JsonValueKind.True
            && !(v.TryGetProperty("infinite", out var inf) && inf.ValueKind == JsonValueKind.True)
            && v.TryGetProperty("number", out var number) => Number(number),
        _ => null,
    };
}
