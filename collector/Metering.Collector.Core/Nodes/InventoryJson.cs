using System.Text.Json;
using System.Text.Json.Serialization;

namespace Metering.Collector.Nodes;

/// <summary>
/// The inventory file's text: JSON, format version 1 (README.md "Inventory file"). Parsing refuses unknown fields (a
/// typo is reported, not ignored) and reports every error with the entry it concerns; formatting writes the canonical
/// form. Reading and writing the file itself is Files/InventoryFile's.
/// </summary>
public static class InventoryJson
{
    /// <summary>The format version this code reads and writes.</summary>
    public const int Version = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = false,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Parses and validates inventory JSON.</summary>
    /// <exception cref="InventoryException">Syntax, shape or content errors, each with its path.</exception>
    public static Inventory Parse(string json)
    {
        InventoryDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<InventoryDocument>(json, Json);
        }
        catch (JsonException e)
        {
            throw new InventoryException(e.Path ?? "$", Describe(e));
        }

        return InventoryDocumentReader.Read(document ?? throw new InventoryException("$", "the file holds null, not an inventory object"));
    }

    /// <summary>The canonical file text of <paramref name="inventory"/> (indented JSON, canonical order, final newline).</summary>
    public static string Format(Inventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var document = new InventoryDocument
        {
            Version = Version,
            Sites = [.. inventory.Sites.Select(s => new SiteDocument { Id = s.Id, Name = s.Name })],
            Nodes = [.. inventory.Nodes.Select(ToDocument)],
            Mappings = [.. inventory.Mappings.Select(m => new MappingDocument
            {
                Device = m.DeviceId,
                Channel = m.ChannelId,
                Node = m.NodeId,
                Feed = m.FeedId,
                ValidFrom = InventoryTime.Format(m.ValidFrom),
                ValidTo = m.ValidTo is { } to ? InventoryTime.Format(to) : null,
            })],
        };
        return JsonSerializer.Serialize(document, Json).ReplaceLineEndings("\n") + "\n";
    }

    private static NodeDocument ToDocument(Node n) => new()
    {
        Id = n.Id,
        Site = n.SiteId,
        Gpus = n.Gpus,
        CpuCores = n.CpuCores,
        IdleW = n.IdleWatts,
        PueZone = n.PueZone,
        Labels = n.Labels.Count == 0 ? null : new SortedDictionary<string, string>(n.Labels.ToDictionary(), StringComparer.Ordinal),
        Feeds = [.. n.Feeds.Select(f => new FeedDocument { Id = f.Id, Role = f.Role.Token() })],
    };

    private static string Describe(JsonException e)
    {
        // The serializer's messages name .NET types; say what the file should hold instead.
        var message = e.Message;
        var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : string.Empty;
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var name = message.Split('\'')[1];
            return $"unknown field \"{name}\"{where}";
        }

        if (message.Contains("could not be converted to", StringComparison.Ordinal))
        {
            var expected = message.Contains("Int32", StringComparison.Ordinal) ? "an integer"
                : message.Contains("System.String", StringComparison.Ordinal) ? "a string"
                : message.Contains("List", StringComparison.Ordinal) ? "an array"
                : "an object";
            return $"wrong type: expected {expected}{where}";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return "not valid JSON: " + (cut > 0 ? message[..cut] : message).Trim() + where;
    }
}
