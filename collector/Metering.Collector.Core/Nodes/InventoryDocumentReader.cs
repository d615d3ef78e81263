namespace Metering.Collector.Nodes;

/// <summary>Turns a parsed <see cref="InventoryDocument"/> into an <see cref="Inventory"/>, reporting missing fields and bad tokens with paths.</summary>
internal static class InventoryDocumentReader
{
    public static Inventory Read(InventoryDocument d)
    {
        var errors = new List<InventoryError>();
        if (d.Version != InventoryJson.Version)
        {
            throw new InventoryException("$.version", d.Version is null ? "missing; this collector reads version 1" : $"version {d.Version} is not supported; this collector reads version 1");
        }

        var sites = Entries(d.Sites, "sites", errors).Select(x => Site(x.Item, x.Path, errors)).OfType<Site>().ToList();
        var nodes = Entries(d.Nodes, "nodes", errors).Select(x => Node(x.Item, x.Path, errors)).OfType<Node>().ToList();
        var mappings = Entries(d.Mappings, "mappings", errors).Select(x => Mapping(x.Item, x.Path, errors)).OfType<ChannelMapping>().ToList();
        if (errors.Count > 0)
        {
            throw new InventoryException(errors);
        }

        return Inventory.Create(sites, nodes, mappings);
    }

    private static IEnumerable<(T Item, string Path)> Entries<T>(List<T?>? list, string name, List<InventoryError> errors)
        where T : class
    {
        for (var i = 0; i < (list?.Count ?? 0); i++)
        {
            if (list![i] is { } item)
            {
                yield return (item, $"{name}[{i}]");
            }
            else
            {
                errors.Add(new($"{name}[{i}]", "null is not an entry"));
            }
        }
    }

    private static Site? Site(SiteDocument s, string path, List<InventoryError> errors) =>
        Required(s.Id, path, "id", errors) is { } id ? new Site(id, s.Name) : null;

    private static Node? Node(NodeDocument n, string path, List<InventoryError> errors)
    {
        path = n.Id is null ? path : $"{path} \"{n.Id}\"";
        var feeds = new List<Feed>();
        foreach (var (f, feedPath) in Entries(n.Feeds, path + " feeds", errors))
        {
            var role = FeedRole.Wall;
            if (Required(f.Id, feedPath, "id", errors) is { } id && Required(f.Role, feedPath, "role", errors) is { } token)
            {
                if (FeedRoles.TryParse(token, out role))
                {
                    feeds.Add(new Feed(id, role));
                }
                else
                {
                    errors.Add(new(feedPath, $"role \"{token}\" must be wall or submeter"));
                }
            }
        }

        var id_ = Required(n.Id, path, "id", errors);
        var site = Required(n.Site, path, "site", errors);
        var pue = Required(n.PueZone, path, "pue_zone", errors);
        var gpus = Required(n.Gpus, path, "gpus", errors);
        var cores = Required(n.CpuCores, path, "cpu_cores", errors);
        if (n.Feeds is null)
        {
            errors.Add(new(path, "feeds is missing"));
        }

        return id_ is null || site is null || pue is null || gpus is null || cores is null
            ? null
            : new Node(id_, site, gpus.Value, cores.Value, pue, feeds, n.IdleW, n.Labels);
    }

    private static ChannelMapping? Mapping(MappingDocument m, string path, List<InventoryError> errors)
    {
        var device = Required(m.Device, path, "device", errors);
        var channel = Required(m.Channel, path, "channel", errors);
        var node = Required(m.Node, path, "node", errors);
        var feed = Required(m.Feed, path, "feed", errors);
        var from = Time(Required(m.ValidFrom, path, "valid_from", errors), path, "valid_from", errors);
        var to = m.ValidTo is null ? null : Time(m.ValidTo, path, "valid_to", errors);
        var ok = device is not null && channel is not null && node is not null && feed is not null && from is not null && (m.ValidTo is null || to is not null);
        return ok ? new ChannelMapping(device!, channel!.Value, node!, feed!, from!.Value, to) : null;
    }

    private static DateTimeOffset? Time(string? text, string path, string field, List<InventoryError> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (InventoryTime.TryParse(text, out var time))
        {
            return time;
        }

        errors.Add(new(path, $"{field} \"{text}\" is not a UTC time like 2025-03-01T08:00:00Z"));
        return null;
    }

    private static T? Required<T>(T? value, string path, string field, List<InventoryError> errors)
    {
        if (value is null)
        {
            errors.Add(new(path, field + " is missing"));
        }

        return value;
    }
}
