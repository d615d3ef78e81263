namespace Metering.Collector.Nodes;

// The inventory file as System.Text.Json reads and writes it (snake_case). Everything is nullable so that a
// missing field is reported by InventoryJson with the entry's path, not as a serializer exception.

/// <summary>The inventory file's top level.</summary>
internal sealed class InventoryDocument
{
    public int? Version { get; set; }

    public List<SiteDocument?>? Sites { get; set; }

    public List<NodeDocument?>? Nodes { get; set; }

    public List<MappingDocument?>? Mappings { get; set; }
}

/// <summary>One site.</summary>
internal sealed class SiteDocument
{
    public string? Id { get; set; }

    public string? Name { get; set; }
}

/// <summary>One node.</summary>
internal sealed class NodeDocument
{
    public string? Id { get; set; }

    public string? Site { get; set; }

    public int? Gpus { get; set; }

    public int? CpuCores { get; set; }

    public int? IdleW { get; set; }

    public string? PueZone { get; set; }

    public SortedDictionary<string, string>? Labels { get; set; }

    public List<FeedDocument?>? Feeds { get; set; }
}

/// <summary>One feed of a node.</summary>
internal sealed class FeedDocument
{
    public string? Id { get; set; }

    public string? Role { get; set; }
}

/// <summary>One channel mapping.</summary>
internal sealed class MappingDocument
{
    public string? Device { get; set; }

    public int? Channel { get; set; }

    public string? Node { get; set; }

    public string? Feed { get; set; }

    public string? ValidFrom { get; set; }

    public string? ValidTo { get; set; }
}
