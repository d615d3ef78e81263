namespace Metering.Collector.Nodes;

/// <summary>What a channel measures at some instant: a node's feed and its role.</summary>
/// <param name="SiteId">The node's site.</param>
/// <param name="NodeId">The node.</param>
/// <param name="FeedId">The feed within the node.</param>
/// <param name="Role">Whether the feed counts toward node energy.</param>
public sealed record ResolvedFeed(string SiteId, string NodeId, string FeedId, FeedRole Role);
