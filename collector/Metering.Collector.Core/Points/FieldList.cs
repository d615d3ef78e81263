namespace Metering.Collector.Points;

/// <summary>Adding optional fields: a field that has no value is left out, never written empty or as a sentinel.</summary>
public static class FieldList
{
    /// <summary>Adds <paramref name="key"/> when <paramref name="value"/> has a value.</summary>
    public static void AddOptional(this List<Field> fields, string key, int? value)
    {
        if (value is { } v)
        {
            fields.Add(new(key, (long)v));
        }
    }

    /// <summary>Adds <paramref name="key"/> when <paramref name="value"/> is not negative (the wire contract's "absent").</summary>
    public static void AddIfPresent(this List<Field> fields, string key, long value)
    {
        if (value >= 0)
        {
            fields.Add(new(key, value));
        }
    }

    /// <summary>Adds <paramref name="key"/> when <paramref name="value"/> is neither null nor empty.</summary>
    public static void AddText(this List<Field> fields, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            fields.Add(new(key, value));
        }
    }
}
