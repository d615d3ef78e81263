using Metering.Collector.Points;

namespace Metering.Collector.Storage;

/// <summary>The argument rules every <see cref="IPointReader"/> applies, so the sinks answer the same question.</summary>
internal static class QueryArguments
{
    /// <summary>
    /// Checks a query: a measurement, and tag filters with non-empty keys and values (an empty tag value is never
    /// stored, so filtering on one would be ambiguous).
    /// </summary>
    public static void Check(string measurement, IReadOnlyDictionary<string, string> tags)
    {
        ArgumentException.ThrowIfNullOrEmpty(measurement);
        ArgumentNullException.ThrowIfNull(tags);
        foreach (var (key, value) in tags)
        {
            if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(value))
            {
                throw new ArgumentException($"tag filter \"{key}\"=\"{value}\": keys and values must be non-empty", nameof(tags));
            }
        }
    }

    /// <summary>True when <paramref name="pointTags"/> include every pair of <paramref name="filter"/>.</summary>
    public static bool Matches(IReadOnlyList<Tag> pointTags, IReadOnlyDictionary<string, string> filter)
    {
        foreach (var (key, value) in filter)
        {
            var found = false;
            foreach (var t in pointTags)
            {
                if (t.Key == key)
                {
                    found = t.Value == value;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
