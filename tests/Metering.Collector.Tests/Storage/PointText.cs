using System.Globalization;
using Metering.Collector.Points;

namespace Metering.Collector.Tests.Storage;

/// <summary>Points as exact, readable text for assertions (Point's lists compare by reference).</summary>
internal static class PointText
{
    /// <summary>measurement | tags (as given) | fields with their types (doubles with their bits) | timestamp.</summary>
    public static string Describe(Point p) =>
        $"{p.Measurement} | {string.Join(",", p.Tags.Select(t => $"{t.Key}={t.Value}"))} | {string.Join(",", p.Fields.Select(Describe))} | {p.TimestampMs}";

    /// <summary>The point as a writer would store it: tags sorted by key (ordinal), empty tag values dropped.</summary>
    public static string Canonical(Point p) => Describe(Canonicalize(p));

    /// <summary>Tags sorted by key, empty values dropped; fields as given.</summary>
    public static Point Canonicalize(Point p) =>
        p with { Tags = p.Tags.Where(t => t.Value.Length > 0).OrderBy(t => t.Key, StringComparer.Ordinal).ToList() };

    /// <summary>Every point, canonical, sorted by text.</summary>
    public static List<string> CanonicalSet(IEnumerable<Point> points) =>
        points.Select(Canonical).Order(StringComparer.Ordinal).ToList();

    /// <summary>The point as a reader returns it: canonical tags and fields sorted by key (field order is not part of a point).</summary>
    public static string Stored(Point p) => Describe(Canonicalize(p) with { Fields = p.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).ToList() });

    /// <summary>Every point as a reader returns it, sorted by text.</summary>
    public static List<string> StoredSet(IEnumerable<Point> points) =>
        points.Select(Stored).Order(StringComparer.Ordinal).ToList();

    private static string Describe(Field f) => f.Value switch
    {
        double d => $"{f.Key}:Double={d.ToString("R", CultureInfo.InvariantCulture)}#{BitConverter.DoubleToInt64Bits(d)}",
        string s => $"{f.Key}:String=\"{s}\"",
        _ => $"{f.Key}:{f.Value.GetType().Name}={Convert.ToString(f.Value, CultureInfo.InvariantCulture)}",
    };

    /// <summary>Asserts that a reader returned exactly <paramref name="expected"/> (in any order), showing the first differing point in full.</summary>
    public static void StoredEqual(IEnumerable<Point> expected, IEnumerable<Point> actual)
    {
        var e = StoredSet(expected);
        var a = actual.Select(Describe).Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
        {
            Assert.Equal(e[i], a[i]);
        }

        Assert.Equal(e.Count, a.Count);
    }
}
