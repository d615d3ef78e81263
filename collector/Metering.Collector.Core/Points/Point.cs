namespace Metering.Collector.Points;

/// <summary>
/// One stored point, InfluxDB-shaped: a measurement, tags (identity), fields (values) and a timestamp in
/// milliseconds since the Unix epoch (UTC). Measurement, tags and timestamp are the key: writing the same key
/// again overwrites, so replays never double-count (ARCHITECTURE.md, invariant 4). The schema is in the collector README.
/// </summary>
public sealed record Point(string Measurement, IReadOnlyList<Tag> Tags, IReadOnlyList<Field> Fields, long TimestampMs)
{
    /// <summary>The value of tag <paramref name="key"/>, or null.</summary>
    public string? Tag(string key)
    {
        foreach (var t in Tags)
        {
            if (t.Key == key)
            {
                return t.Value;
            }
        }

        return null;
    }

    /// <summary>The value of field <paramref name="key"/>, or null.</summary>
    public object? Field(string key)
    {
        foreach (var f in Fields)
        {
            if (f.Key == key)
            {
                return f.Value;
            }
        }

        return null;
    }
}

/// <summary>A tag: part of the series identity. Empty values are not written (InfluxDB drops them).</summary>
public readonly record struct Tag(string Key, string Value);

/// <summary>A field value: a <see cref="long"/> (line protocol <c>i</c> suffix), <see cref="double"/>, <see cref="string"/> or <see cref="bool"/>.</summary>
public readonly record struct Field(string Key, object Value);
