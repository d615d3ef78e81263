namespace Metering.Collector.Nodes;

/// <summary>One metered point of a node's power: a PSU cord (<c>psu1</c>) or a DC rail (<c>gpu-rail-0</c>).</summary>
/// <param name="Id">Feed id, unique within its node (the <c>feed</c> tag).</param>
/// <param name="Role">Whether the feed counts toward node energy.</param>
public sealed record Feed(string Id, FeedRole Role);
