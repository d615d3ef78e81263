using System.CommandLine;
using System.Globalization;
using Metering.Collector.Files;
using Metering.Collector.Host;
using Metering.Collector.Nodes;
using Metering.Collector.Storage;

namespace Metering.Collector.Cli;

/// <summary>
/// <c>metering inventory</c>: sites, nodes, feeds and which meter channel measures which feed when
/// (Nodes/README.md). Edits load the file, apply one validated change, and save it atomically; a running collector
/// reloads the file within seconds.
/// </summary>
internal static class InventoryCommands
{
    public static Command Create()
    {
        var command = new Command("inventory", """
            Edits and shows the inventory: which meter channel measures which node feed, from when. A running
            `metering serve` reloads the file within seconds. Run a subcommand with --help.
            Example: metering inventory map rack12-node07-a 0 gpu-a07 psu1
            """);
        command.Subcommands.Add(List());
        command.Subcommands.Add(AddSite());
        command.Subcommands.Add(AddNode());
        command.Subcommands.Add(Map());
        command.Subcommands.Add(Unmap());
        command.Subcommands.Add(Unmapped());
        return command;
    }

    private static Option<string?> FileOption() => new("--file") { Description = "The inventory file (default: InventoryPath, else inventory.json in the data directory)." };

    /// <summary>--file, else the inventory the settings name; null after printing why the settings cannot be read.</summary>
    private static string? PathOf(ParseResult p, Option<string?> file, SettingsArguments settings) => TargetOf(p, file, settings)?.Path;

    /// <summary>
    /// The inventory to edit and the mode to write it with: the settings' (0600, or 0640 with DataGroup); a --file
    /// outside them is written 0600.
    /// </summary>
    private static (string Path, UnixFileMode Mode)? TargetOf(ParseResult p, Option<string?> file, SettingsArguments settings)
    {
        if (p.GetValue(file) is { } given)
        {
            return (given, DataFileAccess.Private.FileMode);
        }

        return settings.Load(p, Console.Error) is { } loaded ? (loaded.EffectiveInventoryPath, loaded.DataFiles.FileMode) : null;
    }

    private static Inventory LoadOrEmpty(string path) => File.Exists(path) ? InventoryFile.Load(path) : Inventory.Empty;

    private static int Edit((string Path, UnixFileMode Mode)? target, Func<Inventory, Inventory> change, string done)
    {
        if (target is not var (path, mode))
        {
            return 2;
        }

        try
        {
            var updated = change(LoadOrEmpty(path));
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            InventoryFile.Save(updated, path, mode);
            Console.WriteLine(done);
            return 0;
        }
        catch (InventoryException ex)
        {
            foreach (var e in ex.Errors)
            {
                Console.Error.WriteLine("error: " + e);
            }

            return 2;
        }
    }

    private static Command List()
    {
        var settings = new SettingsArguments();
        var file = FileOption();
        var history = new Option<bool>("--history") { Description = "Every mapping, past and present (default: those in force now)." };
        var c = new Command("list", "Shows sites, nodes with their feeds, and channel mappings.\nExample: metering inventory list --history") { file, history };
        settings.AddTo(c);
        c.SetAction(p =>
        {
            if (PathOf(p, file, settings) is not { } path)
            {
                return 2;
            }

            var inventory = LoadOrEmpty(path);
            foreach (var s in inventory.Sites)
            {
                Console.WriteLine($"site {s.Id}{(s.Name is null ? "" : $" ({s.Name})")}");
            }

            foreach (var n in inventory.Nodes)
            {
                Console.WriteLine($"node {n.Id}  site {n.SiteId}  gpus {n.Gpus}  cores {n.CpuCores}  pue zone {n.PueZone}  idle {(n.IdleWatts is { } w ? w + " W" : "learned")}");
                Console.WriteLine("  feeds: " + string.Join(", ", n.Feeds.Select(f => $"{f.Id} ({f.Role.Token()})")));
            }

            var mappings = p.GetValue(history) ? inventory.Mappings : inventory.MappingsAt(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            foreach (var m in mappings)
            {
                Console.WriteLine("map " + m);
            }

            return 0;
        });
        return c;
    }

    private static Command AddSite()
    {
        var settings = new SettingsArguments();
        var file = FileOption();
        var id = new Argument<string>("id") { Description = "Site id." };
        var name = new Option<string?>("--name") { Description = "Human name." };
        var c = new Command("add-site", "Adds or renames a site.\nExample: metering inventory add-site lyon-dc1 --name \"Lyon DC1\"") { file, id, name };
        settings.AddTo(c);
        c.SetAction(p => Edit(TargetOf(p, file, settings), i => i.WithSite(new Site(p.GetValue(id)!, p.GetValue(name))), $"site {p.GetValue(id)} saved"));
        return c;
    }

    private static Command AddNode()
    {
        var settings = new SettingsArguments();
        var file = FileOption();
        var id = new Argument<string>("id") { Description = "Node id (usually the hostname)." };
        var site = new Option<string>("--site") { Description = "Its site.", Required = true };
        var gpus = new Option<int>("--gpus") { Description = "GPUs." };
        var cores = new Option<int>("--cores") { Description = "CPU cores.", Required = true };
        var zone = new Option<string?>("--pue-zone") { Description = "PUE zone (room); default: the site." };
        var feeds = new Option<string[]>("--feed") { Description = "A feed as ID=wall|submeter (repeat): wall feeds are summed into node energy, submeters are not.", Required = true, AllowMultipleArgumentsPerToken = false };
        var idle = new Option<int?>("--idle-w") { Description = "Idle baseline in watts (default: learned)." };
        var c = new Command("add-node", """
            Adds a node, or replaces the node with that id (keeping the feeds mappings use).
            Example: metering inventory add-node gpu-a07 --site lyon-dc1 --gpus 8 --cores 128 --feed psu1=wall --feed psu2=wall --feed gpu0-12v=submeter
            """)
        {
            file, id, site, gpus, cores, zone, feeds, idle,
        };
        settings.AddTo(c);
        c.SetAction(p =>
        {
            var parsed = new List<Feed>();
            foreach (var f in p.GetValue(feeds)!)
            {
                var parts = f.Split('=', 2);
                if (parts.Length != 2 || !FeedRoles.TryParse(parts[1], out var role))
                {
                    return CommonArguments.Fail($"--feed {f}: expected ID=wall or ID=submeter");
                }

                parsed.Add(new Feed(parts[0], role));
            }

            var node = new Node(p.GetValue(id)!, p.GetValue(site)!, p.GetValue(gpus), p.GetValue(cores), p.GetValue(zone) ?? p.GetValue(site)!, parsed, p.GetValue(idle));
            return Edit(TargetOf(p, file, settings), i => i.WithNode(node), $"node {node.Id} saved");
        });
        return c;
    }

    private static Option<string?> TimeOption(string name, string what) => new(name) { Description = what + " (ISO-8601 UTC, e.g. 2026-11-29T18:00:00Z; default: now)." };

    private static bool TryTime(string? text, out DateTimeOffset time)
    {
        if (text is null)
        {
            time = InventoryTime.Normalize(DateTimeOffset.UtcNow);
            return true;
        }

        return InventoryTime.TryParse(text, out time);
    }

    private static Command Map()
    {
        var settings = new SettingsArguments();
        var file = FileOption();
        var device = new Argument<string>("device") { Description = "Meter device id." };
        var channel = new Argument<int>("channel") { Description = "Channel id on the device." };
        var node = new Argument<string>("node") { Description = "Node id." };
        var feed = new Argument<string>("feed") { Description = "Feed id on the node." };
        var from = TimeOption("--from", "When the channel starts measuring the feed");
        var replace = new Option<bool>("--replace") { Description = "Take the feed over from the channel that measures it now (a meter swap)." };
        var c = new Command("map", """
            Records that a meter channel measures a node feed from a time on; closes the channel's previous mapping.
            Example: metering inventory map rack12-node07-a 0 gpu-a07 psu1 --from 2026-11-29T18:00:00Z
            """)
        {
            file, device, channel, node, feed, from, replace,
        };
        settings.AddTo(c);
        c.SetAction(p =>
        {
            if (!TryTime(p.GetValue(from), out var at))
            {
                return CommonArguments.Fail($"--from {p.GetValue(from)}: expected an ISO-8601 UTC time");
            }

            return Edit(TargetOf(p, file, settings), i => i.Map(p.GetValue(device)!, p.GetValue(channel), p.GetValue(node)!, p.GetValue(feed)!, at, p.GetValue(replace)),
                $"{p.GetValue(device)}/{p.GetValue(channel)} -> {p.GetValue(node)}/{p.GetValue(feed)} from {InventoryTime.Format(at)}");
        });
        return c;
    }

    private static Command Unmap()
    {
        var settings = new SettingsArguments();
        var file = FileOption();
        var device = new Argument<string>("device") { Description = "Meter device id." };
        var channel = new Argument<int>("channel") { Description = "Channel id." };
        var at = TimeOption("--at", "When the channel stops measuring its feed");
        var c = new Command("unmap", "Ends a channel's current mapping.\nExample: metering inventory unmap rack12-node07-a 2 --at 2026-11-30T09:00:00Z") { file, device, channel, at };
        settings.AddTo(c);
        c.SetAction(p =>
        {
            if (!TryTime(p.GetValue(at), out var when))
            {
                return CommonArguments.Fail($"--at {p.GetValue(at)}: expected an ISO-8601 UTC time");
            }

            return Edit(TargetOf(p, file, settings), i => i.Unmap(p.GetValue(device)!, p.GetValue(channel), when), $"{p.GetValue(device)}/{p.GetValue(channel)} unmapped at {InventoryTime.Format(when)}");
        });
        return c;
    }

    private static Command Unmapped()
    {
        var settings = new SettingsArguments();
        var c = new Command("unmapped", """
            Lists meter channels the collector has seen that no mapping covers: their readings are stored and kept,
            but count toward no node until mapped. Reads the collector's database, also while it runs.
            Example: metering inventory unmapped --data /var/lib/metering
            """);
        settings.AddTo(c);
        c.SetAction(p =>
        {
            if (settings.Load(p, Console.Error) is not { } loaded)
            {
                return 2;
            }

            var path = loaded.Paths.State;
            if (!File.Exists(path))
            {
                return CommonArguments.Fail($"no collector database at {path} (has `metering serve` run with --data {loaded.DataDirectory}?)");
            }

            using var store = StateStore.OpenReadOnly(path);
            var unmapped = IngestState.SavedUnmapped(store).OrderBy(u => u.DeviceId, StringComparer.Ordinal).ThenBy(u => u.ChannelId).ToList();
            Console.WriteLine($"{unmapped.Count} unmapped channels");
            foreach (var u in unmapped)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{u.DeviceId,-32} channel {u.ChannelId,2}  readings {u.Readings,8}  first {DateTimeOffset.FromUnixTimeMilliseconds(u.FirstSeenMs):u}  last {DateTimeOffset.FromUnixTimeMilliseconds(u.LastSeenMs):u}"));
            }

            return 0;
        });
        return c;
    }
}
