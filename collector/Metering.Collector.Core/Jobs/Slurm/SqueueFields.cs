using System.Text.Json;

namespace Metering.Collector.Jobs.Slurm;

/// <summary>Field readers for squeue's JSON that tolerate the shapes of later Slurm versions.</summary>
internal static class SqueueFields
{
    /// <summary>
    /// The job records of <c><paramref name="tool"/> --json</c> (squeue and sacct print the same envelope), each read by
    /// <paramref name="parse"/> while the document is open.
    /// </summary>
    /// <exception cref="FormatException">Not JSON, a non-empty <c>errors</c> array, or no <c>jobs</c> array.</exception>
    public static List<SqueueJob> Jobs(string json, string tool, Func<JsonElement, SqueueJob> parse)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{tool} --json printed something that is not JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors)
                && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
            {
                throw new FormatException($"{tool} --json reported errors: {errors.GetRawText()}");
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("jobs", out var jobs) || jobs.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"{tool} --json printed no \"jobs\" array");
            }

            return [.. jobs.EnumerateArray().Select(parse)];
        }
    }

    /// <summary>The start of a record's JSON, for an error message.</summary>
    public static string Excerpt(JsonElement job)
    {
        var text = job.GetRawText();
        return text.Length <= 200 ? text : text[..200] + "...";
    }

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

    /// <summary>
    /// An exit status: a wait(2) status number (22.05: 768 is exit 3, 15 is signal 15) or an object
    /// <c>{"status": ..., "return_code": n, "signal": {"id"|"signal_id": n}}</c> (sacct, 23.02+); null when absent.
    /// </summary>
    public static (int ExitCode, int Signal)? ExitStatus(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v))
        {
            return null;
        }

        if (Number(v) is { } status)
        {
            return status is >= 0 and <= 0xffff ? SlurmJobStates.SplitWaitStatus(status) : null;
        }

        if (v.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var code = Number(v, "return_code");
        var signal = v.TryGetProperty("signal", out var s) && s.ValueKind == JsonValueKind.Object
            ? Number(s, "id") ?? Number(s, "signal_id")
            : null;
        return code is null && signal is null ? null : ((int)Math.Clamp(code ?? 0, 0, 255), (int)Math.Clamp(signal ?? 0, 0, 127));
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
