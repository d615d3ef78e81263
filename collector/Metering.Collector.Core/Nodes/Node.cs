namespace Metering.Collector.Nodes;

/// <summary>A server or GPU node whose energy is metered, with the resources attribution weighs jobs by.</summary>
public sealed record Node
{
    /// <summary>Creates a node; <see cref="Inventory.Create"/> validates it.</summary>
    public Node(string id, string siteId, int gpus, int cpuCores, string pueZone, IReadOnlyList<Feed> feeds, int? idleWatts = null, IReadOnlyDictionary<string, string>? labels = null)
    {
        Id = id;
        SiteId = siteId;
        Gpus = gpus;
        CpuCores = cpuCores;
        PueZone = pueZone;
        ArgumentNullException.ThrowIfNull(feeds);
        // Copies, so a caller's later change to its list or dictionary cannot reach into an inventory.
        Feeds = [.. feeds];
        IdleWatts = idleWatts;
        Labels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
    }

    /// <summary>Node id (the <c>node</c> tag), usually its hostname, see <see cref="InventoryIds"/>.</summary>
    public string Id { get; init; }

    /// <summary>The site the node is in.</summary>
    public string SiteId { get; init; }

    /// <summary>GPUs the scheduler can allocate, at least 0.</summary>
    public int Gpus { get; init; }

    /// <summary>CPU cores the scheduler can allocate, at least 0.</summary>
    public int CpuCores { get; init; }

    /// <summary>The room or zone whose PUE applies to this node's energy.</summary>
    public string PueZone { get; init; }

    /// <summary>The node's metered feeds, wall and submeter; at least one wall feed.</summary>
    public IReadOnlyList<Feed> Feeds { get; init; }

    /// <summary>Configured idle baseline, W; null to learn it from measured power.</summary>
    public int? IdleWatts { get; init; }

    /// <summary>Free-form labels for people and reports (<c>rack</c>, <c>model</c>).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; }

    /// <summary>The feed with id <paramref name="feedId"/>, or null.</summary>
    public Feed? FindFeed(string feedId) => Feeds.FirstOrDefault(f => f.Id == feedId);

    /// <summary>The wall feeds: the ones node energy sums and coverage expects.</summary>
    public IEnumerable<Feed> WallFeeds => Feeds.Where(f => f.Role == FeedRole.Wall);

    /// <summary>Value equality, feeds in order and labels as sets.</summary>
    public bool Equals(Node? other) =>
        other is not null
        && (Id, SiteId, Gpus, CpuCores, PueZone, IdleWatts) == (other.Id, other.SiteId, other.Gpus, other.CpuCores, other.PueZone, other.IdleWatts)
        && Feeds.SequenceEqual(other.Feeds)
        && Labels.Count == other.Labels.Count
        && Labels.All(l => other.Labels.TryGetValue(l.Key, out var v) && v == l.Value);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, SiteId, Gpus, CpuCores, PueZone, IdleWatts, Feeds.Count, Labels.Count);
}
