namespace Metering.Collector.Points;

/// <summary>
/// What a point must satisfy to be written as line protocol, and the canonical tag order. Each rule exists because
/// InfluxDB 1.6.7 would otherwise store something else than we wrote, or reject the line (checked by hand against
/// the real server; see the Storage README):
/// <list type="bullet">
/// <item>a measurement, tag key or field key is non-empty; a measurement does not start with <c>#</c> (a comment line);</item>
/// <item>no identifier (measurement, tag key, tag value, field key) contains a line break (there is no escape for it);</item>
/// <item>no identifier has a backslash at its end or before a comma, equals sign or space: InfluxDB reads such a
/// backslash as an escape, and no spelling of the value survives the round trip;</item>
/// <item>tag keys are unique, field keys are unique, there is at least one field, and no key is <c>time</c>;</item>
/// <item>field values are <see cref="long"/>, finite <see cref="double"/>, <see cref="string"/> or <see cref="bool"/>.</item>
/// </list>
/// </summary>
public static class LineProtocolRules
{
    /// <summary>Checks a measurement name.</summary>
    public static void CheckMeasurement(string measurement)
    {
        CheckIdentifier(measurement, "measurement", measurement);
        if (measurement[0] == '#')
        {
            throw new ArgumentException($"line protocol: measurement \"{measurement}\" starts with '#', which makes the line a comment", nameof(measurement));
        }
    }

    /// <summary>Checks a tag's key and value (an empty value is allowed: it is not written).</summary>
    public static void CheckTag(Tag tag)
    {
        CheckIdentifier(tag.Key, "tag key", tag.Key);
        CheckKeyIsNotTime(tag.Key, "tag");
        if (tag.Value is null)
        {
            throw new ArgumentException($"line protocol: tag \"{tag.Key}\" has a null value", nameof(tag));
        }

        if (tag.Value.Length > 0)
        {
            CheckIdentifier(tag.Value, $"value of tag \"{tag.Key}\"", tag.Value);
        }
    }

    /// <summary>Checks the field set of a point of <paramref name="measurement"/>.</summary>
    public static void CheckFields(string measurement, IReadOnlyList<Field> fields)
    {
        if (fields.Count == 0)
        {
            throw new ArgumentException($"line protocol: a point of \"{measurement}\" has no fields", nameof(fields));
        }

        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            CheckIdentifier(f.Key, "field key", f.Key);
            CheckKeyIsNotTime(f.Key, "field");
            if (f.Value is double d && !double.IsFinite(d))
            {
                throw new ArgumentException($"line protocol: field \"{f.Key}\" is {d}; line protocol has no spelling for it", nameof(fields));
            }

            for (var j = 0; j < i; j++)
            {
                if (fields[j].Key == f.Key)
                {
                    throw new ArgumentException($"line protocol: field \"{f.Key}\" appears twice in a point of \"{measurement}\"", nameof(fields));
                }
            }
        }
    }

    /// <summary>The message for a field whose value has an unsupported type.</summary>
    public static string BadType(Field field) =>
        $"line protocol: field \"{field.Key}\" is a {field.Value?.GetType().Name ?? "null"}; use long, double, string or bool";

    /// <summary>
    /// Fills <paramref name="order"/> with the indexes of <paramref name="tags"/> sorted by key (ordinal); throws on a
    /// duplicate key. Insertion sort: points carry a handful of tags, usually already sorted.
    /// </summary>
    public static void SortTags(IReadOnlyList<Tag> tags, Span<int> order)
    {
        for (var i = 0; i < order.Length; i++)
        {
            var key = tags[i].Key ?? throw new ArgumentException("line protocol: a tag has a null key", nameof(tags));
            var j = i - 1;
            while (j >= 0 && string.CompareOrdinal(tags[order[j]].Key, key) > 0)
            {
                order[j + 1] = order[j];
                j--;
            }

            if (j >= 0 && tags[order[j]].Key == key)
            {
                throw new ArgumentException($"line protocol: tag \"{key}\" appears twice", nameof(tags));
            }

            order[j + 1] = i;
        }
    }

    private static void CheckIdentifier(string? value, string what, string? shown)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw new ArgumentException($"line protocol: {what} is empty", nameof(value));
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '\n' or '\r')
            {
                throw new ArgumentException($"line protocol: {what} \"{shown}\" contains a line break", nameof(value));
            }

            if (c == '\\' && (i == value.Length - 1 || value[i + 1] is ',' or '=' or ' '))
            {
                throw new ArgumentException(
                    $"line protocol: {what} \"{shown}\" has a backslash at its end or before a comma, equals sign or space; InfluxDB would read it as an escape",
                    nameof(value));
            }
        }
    }

    private static void CheckKeyIsNotTime(string key, string what)
    {
        if (key == "time")
        {
            throw new ArgumentException($"line protocol: \"time\" cannot be a {what} key (InfluxDB reserves it)", nameof(key));
        }
    }
}
