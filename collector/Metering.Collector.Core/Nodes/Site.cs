namespace Metering.Collector.Nodes;

/// <summary>A site (datacentre, lab): what one collector serves and what PUE zones belong to.</summary>
/// <param name="Id">Site id (the <c>site</c> tag), see <see cref="InventoryIds"/>.</param>
/// <param name="Name">A name for people, or null.</param>
public sealed record Site(string Id, string? Name = null);
