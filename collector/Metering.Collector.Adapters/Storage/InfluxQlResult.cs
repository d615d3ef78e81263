using System.Text.Json;
using Metering.Collector.Points;

namespace Metering.Collector.Storage;

/// <summary>
/// Reads the JSON answer of <see cref="InfluxQl.Select"/> (one document, or several with chunked=true) into points.
/// Statement 0 (SHOW FIELD KEYS) gives each field's type; statement 1 gives series with <c>tags</c> (empty values for
/// tags a series lacks, dropped here), <c>columns</c> (time first, then fields) and <c>values</c> rows where a field
/// the point lacks is null.
/// </summary>
internal static class InfluxQlResult
{
    /// <summary>The points, oldest first (ties by series tags); throws <see cref="SinkException"/> on a statement error.</summary>
    public static List<Point> Read(ReadOnlySpan<byte> body)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var series = new List<JsonElement>();
        var docs = new List<JsonDocument>();
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { AllowMultipleValues = true });
            while (reader.Read())
            {
                var doc = JsonDocument.ParseValue(ref reader);
                docs.Add(doc);
                Collect(doc.RootElement, types, series);
            }

            var points = new List<Point>();
            foreach (var s in series)
            {
                AddPoints(s, types, points);
            }

            return points.OrderBy(p => p.TimestampMs).ThenBy(p => PointJson.Tags(p.Tags), StringComparer.Ordinal).ToList();
        }
        finally
        {
            docs.ForEach(d => d.Dispose());
        }
    }

    private static void Collect(JsonElement root, Dictionary<string, string> types, List<JsonElement> series)
    {
        if (root.TryGetProperty("error", out var topError))
        {
            throw new SinkException("query", $"influxdb1 query failed: {topError.GetString()}", permanent: false);
        }

        foreach (var result in root.GetProperty("results").EnumerateArray())
        {
            if (result.TryGetProperty("error", out var error))
            {
                throw new SinkException("query", $"influxdb1 query failed: {error.GetString()}", permanent: false);
            }

            if (!result.TryGetProperty("series", out var list))
            {
                continue;
            }

            var statement = result.GetProperty("statement_id").GetInt32();
            foreach (var s in list.EnumerateArray())
            {
                if (statement == 0)
                {
                    foreach (var row in s.GetProperty("values").EnumerateArray())
                    {
                        // A field written with two types (in different shards) is listed twice; the number rule below copes.
                        var key = row[0].GetString()!;
                        types[key] = types.TryGetValue(key, out var seen) && seen != row[1].GetString() ? "mixed" : row[1].GetString()!;
                    }
                }
                else
                {
                    series.Add(s);
                }
            }
        }
    }

    private static void AddPoints(JsonElement series, Dictionary<string, string> types, List<Point> points)
    {
        var measurement = series.GetProperty("name").GetString()!;
        var tags = new List<Tag>();
        if (series.TryGetProperty("tags", out var tagObject))
        {
            foreach (var t in tagObject.EnumerateObject())
            {
                if (t.Value.GetString() is { Length: > 0 } value)
                {
                    tags.Add(new Tag(t.Name, value));
                }
            }
        }

        var columns = series.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToArray();
        foreach (var row in series.GetProperty("values").EnumerateArray())
        {
            var fields = new List<Field>();
            for (var i = 1; i < columns.Length; i++)
            {
                if (row[i].ValueKind != JsonValueKind.Null)
                {
                    fields.Add(new Field(columns[i], Value(row[i], types.GetValueOrDefault(columns[i]))));
                }
            }

            if (fields.Count > 0)
            {
                fields.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
                points.Add(new Point(measurement, tags, fields, row[0].GetInt64()));
            }
        }
    }

    private static object Value(JsonElement e, string? type) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when type == "integer" && e.TryGetInt64(out var l) => l,
        JsonValueKind.Number => e.GetDouble(),
        _ => throw new FormatException($"unexpected JSON value {e.GetRawText()} in an InfluxQL result"),
    };
}
