using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Metering.Collector.Points;

namespace Metering.Collector.Storage;

/// <summary>
/// The SQLite sink's JSON columns. Tags: an object sorted by key without empty values; it is the series key, so the
/// same tags always give the same text. Fields: an object in the point's order; a float is always written with a
/// decimal point or an exponent (<c>2.0</c>, <c>1E+20</c>) and an integer never, so types survive the round trip.
/// </summary>
internal static class PointJson
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The series key of <paramref name="tags"/>.</summary>
    public static string Tags(IReadOnlyList<Tag> tags)
    {
        Span<int> order = tags.Count <= 64 ? stackalloc int[tags.Count] : new int[tags.Count];
        LineProtocolRules.SortTags(tags, order);
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            foreach (var i in order)
            {
                if (tags[i].Value.Length > 0)
                {
                    json.WriteString(tags[i].Key, tags[i].Value);
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The fields as a JSON object.</summary>
    public static string Fields(IReadOnlyList<Field> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            foreach (var f in fields)
            {
                json.WritePropertyName(f.Key);
                switch (f.Value)
                {
                    case long l:
                        json.WriteNumberValue(l);
                        break;
                    case double d:
                        var text = d.ToString("R", CultureInfo.InvariantCulture);
                        json.WriteRawValue(text.AsSpan().IndexOfAny('.', 'E', 'e') >= 0 ? text : text + ".0", skipInputValidation: true);
                        break;
                    case bool b:
                        json.WriteBooleanValue(b);
                        break;
                    case string s:
                        json.WriteStringValue(s);
                        break;
                    default:
                        throw new ArgumentException(LineProtocolRules.BadType(f), nameof(fields));
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Tags read back from a series key.</summary>
    public static List<Tag> ReadTags(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var tags = new List<Tag>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            tags.Add(new Tag(p.Name, p.Value.GetString()!));
        }

        return tags;
    }

    /// <summary>Fields read back with their types, sorted by key (as InfluxDB returns them).</summary>
    public static List<Field> ReadFields(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var fields = new List<Field>();
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            fields.Add(new Field(p.Name, Value(p.Value)));
        }

        fields.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return fields;
    }

    private static object Value(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when e.GetRawText().AsSpan().IndexOfAny('.', 'E', 'e') >= 0 => e.GetDouble(),
        JsonValueKind.Number => e.GetInt64(),
        _ => throw new FormatException($"unexpected JSON value {e.GetRawText()} in a fields column"),
    };
}
