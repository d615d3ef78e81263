using Metering.Protocol;

namespace Metering.Collector.Nodes;

/// <summary>
/// Checks an inventory's entries and their references, collecting every error with the entry it concerns.
/// Paths index the lists as given (for a file: its order).
/// </summary>
internal static class InventoryValidator
{
    public static List<InventoryError> Validate(IReadOnlyList<Site> sites, IReadOnlyList<Node> nodes, IReadOnlyList<ChannelMapping> mappings)
    {
        var errors = new List<InventoryError>();
        var siteIds = CheckSites(sites, errors);
        var nodeById = CheckNodes(nodes, siteIds, errors);
        CheckMappings(mappings, nodeById, errors);
        return errors;
    }

    private static HashSet<string> CheckSites(IReadOnlyList<Site> sites, List<InventoryError> errors)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < sites.Count; i++)
        {
            var path = $"sites[{i}] \"{sites[i].Id}\"";
            if (!InventoryIds.IsValid(sites[i].Id))
            {
                errors.Add(new(path, "site id must be " + InventoryIds.Rule));
            }
            else if (!first.TryAdd(sites[i].Id, i))
            {
                errors.Add(new(path, $"duplicate site id (first at sites[{first[sites[i].Id]}])"));
            }
        }

        return [.. first.Keys];
    }

    private static Dictionary<string, Node> CheckNodes(IReadOnlyList<Node> nodes, HashSet<string> siteIds, List<InventoryError> errors)
    {
        var byId = new Dictionary<string, Node>(StringComparer.Ordinal);
        var firstIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var n = nodes[i];
            var path = $"nodes[{i}] \"{n.Id}\"";
            if (!InventoryIds.IsValid(n.Id))
            {
                errors.Add(new(path, "node id must be " + InventoryIds.Rule));
            }
            else if (!firstIndex.TryAdd(n.Id, i))
            {
                errors.Add(new(path, $"duplicate node id (first at nodes[{firstIndex[n.Id]}])"));
                continue;
            }

            byId[n.Id] = n;
            if (!siteIds.Contains(n.SiteId))
            {
                errors.Add(new(path, $"unknown site \"{n.SiteId}\""));
            }

            if (n.Gpus < 0 || n.CpuCores < 0)
            {
                errors.Add(new(path, $"gpus ({n.Gpus}) and cpu_cores ({n.CpuCores}) must not be negative"));
            }

            if (n.IdleWatts is < 0)
            {
                errors.Add(new(path, $"idle_w ({n.IdleWatts}) must not be negative"));
            }

            if (!InventoryIds.IsValid(n.PueZone))
            {
                errors.Add(new(path, "pue_zone must be " + InventoryIds.Rule));
            }

            CheckFeeds(n, path, errors);
            foreach (var label in n.Labels)
            {
                if (!InventoryIds.IsValid(label.Key) || label.Value is null || label.Value.Length > 256)
                {
                    errors.Add(new(path, $"label \"{label.Key}\": keys must be {InventoryIds.Rule}, values at most 256 characters"));
                }
            }
        }

        return byId;
    }

    private static void CheckFeeds(Node n, string path, List<InventoryError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in n.Feeds)
        {
            if (!InventoryIds.IsValid(f.Id))
            {
                errors.Add(new(path, $"feed id \"{f.Id}\" must be " + InventoryIds.Rule));
            }
            else if (!seen.Add(f.Id))
            {
                errors.Add(new(path, $"duplicate feed \"{f.Id}\""));
            }

            if (f.Role is not (FeedRole.Wall or FeedRole.Submeter))
            {
                errors.Add(new(path, $"feed \"{f.Id}\" has no role (wall or submeter)"));
            }
        }

        if (!n.WallFeeds.Any())
        {
            errors.Add(new(path, "a node needs at least one wall feed (its energy is the sum of its wall feeds)"));
        }
    }

    private static void CheckMappings(IReadOnlyList<ChannelMapping> mappings, Dictionary<string, Node> nodes, List<InventoryError> errors)
    {
        for (var i = 0; i < mappings.Count; i++)
        {
            var m = mappings[i];
            var path = $"mappings[{i}]";
            if (!DeviceId.IsValid(m.DeviceId))
            {
                errors.Add(new(path, $"device \"{m.DeviceId}\" must be 1 to 32 characters of a-z, 0-9 or '-'"));
            }

            if (m.ChannelId is < 0 or > ProtocolLimits.MaxChannelId)
            {
                errors.Add(new(path, $"channel {m.ChannelId} must lie in 0..{ProtocolLimits.MaxChannelId}"));
            }

            if (!nodes.TryGetValue(m.NodeId, out var node))
            {
                errors.Add(new(path, $"unknown node \"{m.NodeId}\""));
            }
            else if (node.FindFeed(m.FeedId) is null)
            {
                errors.Add(new(path, $"node \"{m.NodeId}\" has no feed \"{m.FeedId}\""));
            }

            if (m.ValidTo is { } to && to <= m.ValidFrom)
            {
                errors.Add(new(path, $"valid_to {InventoryTime.Format(to)} must be after valid_from {InventoryTime.Format(m.ValidFrom)}"));
            }
        }

        CheckOverlaps(mappings, m => m.Channel.ToString(), "channel", errors);
        CheckOverlaps(mappings, m => m.NodeId + "/" + m.FeedId, "feed", errors);
    }

    private static void CheckOverlaps(IReadOnlyList<ChannelMapping> mappings, Func<ChannelMapping, string> key, string what, List<InventoryError> errors)
    {
        var groups = mappings.Select((m, i) => (m, i)).Where(x => x.m.ValidTo is not { } to || to > x.m.ValidFrom).GroupBy(x => key(x.m), StringComparer.Ordinal);
        foreach (var group in groups)
        {
            (ChannelMapping m, int i)? reach = null;
            foreach (var x in group.OrderBy(x => x.m.ValidFromMs).ThenBy(x => x.i))
            {
                if (reach is { } r && x.m.ValidFromMs < r.m.ValidToMs)
                {
                    errors.Add(new($"mappings[{x.i}]", $"{x.m} overlaps mappings[{r.i}] {r.m} on the same {what} {group.Key}"));
                }

                if (reach is null || x.m.ValidToMs > reach.Value.m.ValidToMs)
                {
                    reach = x;
                }
            }
        }
    }
}
