using System.Globalization;
using Metering.Collector.Jobs;

namespace Metering.Collector.Api;

/// <summary>
/// The filters of <c>GET /api/v1/jobs</c>: state, node, project, user, model (exact), and a time range [from, to)
/// that a job's run must overlap (a running job runs until now). The most recent <see cref="Limit"/> jobs that match
/// are listed, oldest first.
/// </summary>
public sealed record JobQuery(JobState? State, string? Node, string? Project, string? User, string? Model, long? FromMs, long? ToMs, int Limit)
{
    /// <summary>Jobs listed when no limit is given.</summary>
    public const int DefaultLimit = 1000;

    /// <summary>Most jobs one call lists.</summary>
    public const int MaxLimit = 100_000;

    /// <summary>The query in <paramref name="parameters"/> (the URL's query string).</summary>
    /// <exception cref="BadRequestException">A parameter cannot be read (names it) or is unknown.</exception>
    public static JobQuery Parse(IReadOnlyDictionary<string, string?> parameters)
    {
        string[] known = ["state", "node", "project", "user", "model", "from", "to", "limit"];
        foreach (var key in parameters.Keys.Where(k => !known.Contains(k)))
        {
            throw new BadRequestException($"{key}: unknown filter (known: {string.Join(", ", known)})");
        }

        string? Get(string key) => parameters.TryGetValue(key, out var v) && !string.IsNullOrEmpty(v) ? v : null;
        JobState? state = null;
        if (Get("state") is { } s)
        {
            state = JobText.TryParseState(s, out var parsed) ? parsed : throw new BadRequestException($"state: '{s}' is not one of {JobText.Choices<JobState>()}");
        }

        var from = Time(Get("from"), "from");
        var to = Time(Get("to"), "to");
        if (from is { } f && to is { } t && t <= f)
        {
            throw new BadRequestException($"to: must be after from");
        }

        var limit = Get("limit") is { } l
            ? int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxLimit ? n
                : throw new BadRequestException($"limit: must be 1..{MaxLimit}, got '{l}'")
            : DefaultLimit;
        return new JobQuery(state, Get("node"), Get("project"), Get("user"), Get("model"), from, to, limit);
    }

    /// <summary>The jobs of <paramref name="all"/> (ordered by start) that match, the most recent <see cref="Limit"/>.</summary>
    public IReadOnlyList<Job> Apply(IReadOnlyList<Job> all, long nowMs)
    {
        var matching = all.Where(j =>
            (State is null || j.State == State)
            && (Node is null || j.Allocations.Any(a => a.NodeId == Node))
            && (Project is null || j.Project == Project)
            && (User is null || j.User == User)
            && (Model is null || j.Model == Model)
            && (FromMs is null || (j.EndMs ?? Math.Max(nowMs, j.StartMs + 1)) > FromMs)
            && (ToMs is null || j.StartMs < ToMs)).ToList();
        return matching.Count <= Limit ? matching : matching[^Limit..];
    }

    private static long? Time(string? text, string name)
    {
        if (text is null)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
        {
            return ms;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUnixTimeMilliseconds()
            : throw new BadRequestException($"{name}: '{text}' is not a time (ISO-8601, e.g. 2025-03-01T00:00:00Z, or Unix milliseconds)");
    }
}
