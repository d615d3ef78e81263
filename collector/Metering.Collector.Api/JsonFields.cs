using System.Text.Json;
using Metering.Collector.Jobs;

namespace Metering.Collector.Api;

/// <summary>
/// Strict readers for one JSON object of a request, each error naming the field by its path ("allocations[0].gpus[1]")
/// so that a 400 says exactly what to fix. Unknown fields are refused: a misspelt field must not be silently ignored.
/// </summary>
internal sealed class JsonFields
{
    private readonly JsonElement _object;
    private readonly string _prefix;

    private JsonFields(JsonElement obj, string path, IReadOnlyCollection<string> known)
    {
        _object = obj;
        _prefix = path.Length == 0 ? "" : path + ".";
        foreach (var p in obj.EnumerateObject())
        {
            if (!known.Contains(p.Name))
            {
                throw new BadRequestException($"{_prefix}{p.Name}: unknown field (known: {string.Join(", ", known)})");
            }
        }
    }

    /// <summary>Reads <paramref name="element"/> as an object of <paramref name="known"/> fields at <paramref name="path"/>.</summary>
    public static JsonFields Of(JsonElement element, string path, params string[] known) =>
        element.ValueKind == JsonValueKind.Object
            ? new JsonFields(element, path, known)
            : throw new BadRequestException($"{(path.Length == 0 ? "body" : path)}: must be a JSON object, got {Kind(element)}");

    /// <summary>The path of field <paramref name="name"/>.</summary>
    public string PathOf(string name) => _prefix + name;

    /// <summary>The field's value, or null when absent or JSON null.</summary>
    public JsonElement? Get(string name) =>
        _object.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

    /// <summary>A string of at most <paramref name="maxLength"/> characters without control characters; null when absent or empty.</summary>
    public string? Text(string name, int maxLength)
    {
        if (Get(name) is not { } v)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.String)
        {
            throw Bad(name, $"must be a string, got {Kind(v)}");
        }

        var text = v.GetString()!;
        if (text.Length > maxLength)
        {
            throw Bad(name, $"must be at most {maxLength} characters, got {text.Length}");
        }

        if (text.Any(char.IsControl))
        {
            throw Bad(name, "must not contain control characters (newline, tab, ...)");
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>A required id (<see cref="JobRules.IdRule"/>).</summary>
    public string Id(string name)
    {
        var id = Text(name, int.MaxValue) ?? throw Bad(name, $"required ({JobRules.IdRule})");
        return JobRules.IsValidId(id) ? id : throw Bad(name, $"'{Excerpt(id)}' is not an id: {JobRules.IdRule}");
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>]; null when absent.</summary>
    public long? Integer(string name, long min, long max, string? rule = null)
    {
        if (Get(name) is not { } v)
        {
            return null;
        }

        return Integer(v, PathOf(name), min, max, rule);
    }

    /// <summary>A time in ms since the Unix epoch (<see cref="JobRules.TimeRule"/>); null when absent.</summary>
    public long? Time(string name) => Integer(name, JobRules.MinTimeMs, JobRules.MaxTimeMs, JobRules.TimeRule);

    /// <summary>A finite number; null when absent.</summary>
    public double? Number(string name)
    {
        if (Get(name) is not { } v)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw Bad(name, $"must be a number, got {Kind(v)}");
    }

    /// <summary>A value that must be present.</summary>
    public static T Required<T>(T? value, string path, string rule)
        where T : struct =>
        value ?? throw new BadRequestException($"{path}: required ({rule})");

    /// <summary>An integer element at <paramref name="path"/> in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static long Integer(JsonElement v, string path, long min, long max, string? rule = null)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n))
        {
            throw new BadRequestException($"{path}: must be an integer, got {(v.ValueKind == JsonValueKind.Number ? v.GetRawText() : Kind(v))}");
        }

        return n >= min && n <= max ? n : throw new BadRequestException($"{path}: {n} is out of range ({rule ?? $"{min}..{max}"})");
    }

    /// <summary>A 400 about field <paramref name="name"/>.</summary>
    public BadRequestException Bad(string name, string message) => new($"{PathOf(name)}: {message}");

    /// <summary>A JSON value's kind for messages: "a string", "an array", ...</summary>
    public static string Kind(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Excerpt(string text) => text.Length <= 40 ? text : text[..40] + "...";
}

/// <summary>A request the API refuses with 400; the message names the field and says what is wrong.</summary>
internal sealed class BadRequestException(string message) : Exception(message);
