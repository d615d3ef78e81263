using Metering.Collector.Carbon;
using Metering.Collector.Files;
using Metering.Collector.Host;
using Metering.Collector.Host.Settings;
using Metering.Collector.Nodes;
using Metering.Collector.Tests.Api;
using Metering.Collector.Tests.EndToEnd;
using Metering.Collector.Tests.Mqtt;
using Metering.Testing;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Tests.Host;

/// <summary>
/// The data directory holds every user's jobs, the job API token and the devices' retained config: a running
/// collector (with the default umask, 022) creates each of its files 0600, or 0640 with its group when DataGroup is
/// set, and narrows a file an older version left readable by others.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DataFileModeTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _root = Collectors.TempDirectory();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Every_file_the_collector_and_its_commands_write_is_readable_by_its_user_only()
    {
        var data = Path.Combine(_root, "data");
        var (_, running) = await RunCollectorAsync(new CollectorSettings { DataDirectory = data, Broker = new BrokerSettings { Port = 0 } });
        InventoryFile.Save(Inventory.Empty.WithSite(new Site("paris-dc1", null)), new DataDirectory(data).Inventory);
        CarbonSeriesFiles.In(data).Import("paris-dc1", new IntensitySeries([new IntensityPoint(1_740_000_000_000, 52)]));

        var files = running.Concat(Modes(data)).ToList();

        Assert.Superset(Expected(data), files.Select(f => f.Key).ToHashSet());
        Assert.All(files, f => Assert.True(f.Value == OwnerOnly, $"{f.Key} is {Convert.ToString((int)f.Value, 8)}"));
        Assert.Equal(OwnerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
    }

    [Fact]
    public async Task With_a_data_group_the_files_are_0640_and_the_groups_and_the_directory_hands_its_group_down()
    {
        Assert.True(ServerProcess.IsRoot, "this test gives files a group the test user does not belong to; run it as root");
        var data = Path.Combine(_root, "data");
        var settings = new CollectorSettings { DataDirectory = data, DataGroup = "65534", Broker = new BrokerSettings { Port = 0 } };
        var (_, running) = await RunCollectorAsync(settings);
        InventoryFile.Save(Inventory.Empty.WithSite(new Site("paris-dc1", null)), settings.EffectiveInventoryPath, settings.DataFiles.FileMode);
        CarbonSeriesFiles.In(data, settings.DataFiles.FileMode).Import("paris-dc1", new IntensitySeries([new IntensityPoint(1_740_000_000_000, 52)]));

        var files = running.Concat(Modes(data)).ToList();

        Assert.Superset(Expected(data), files.Select(f => f.Key).ToHashSet());
        Assert.All(files, f => Assert.True(f.Value == (OwnerOnly | UnixFileMode.GroupRead), $"{f.Key} is {Convert.ToString((int)f.Value, 8)}"));
        Assert.All(Modes(data).Keys.Append(data).Append(Path.Combine(data, "carbon")), f => Assert.Equal("65534", Stat("%g", f)));
        Assert.Equal("2750", Stat("%a", data));
    }

    [Theory]
    [InlineData("collector.db")]
    [InlineData("jobs.db")]
    [InlineData("api-token")]
    [InlineData("inventory.json")]
    public async Task A_file_an_older_collector_left_readable_by_others_is_narrowed_at_start_and_logged(string name)
    {
        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(data);
        var path = Path.Combine(data, name);
        File.WriteAllText(path, name == "api-token" ? "0123456789abcdef0123456789abcdef\n" : name.EndsWith(".json", StringComparison.Ordinal) ? InventoryJson.Format(Inventory.Empty) : "");
        File.SetUnixFileMode(path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var (logs, _) = await RunCollectorAsync(new CollectorSettings { DataDirectory = data, Broker = new BrokerSettings { Port = 0 } });

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        Assert.Contains($"Data file {path} was mode 0644: narrowed to 0600", logs, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_group_that_does_not_exist_is_refused_by_name()
    {
        var errors = new CollectorSettings { DataGroup = "no-such-group-here" }.Validate();

        Assert.Contains("DataGroup: there is no group 'no-such-group-here' on this system (a group name, or a numeric id)", errors);
    }

    /// <summary>
    /// Starts a collector in-process (embedded broker on a free port), makes it write a retained message, and stops it;
    /// returns its log and the modes of the files while it ran (SQLite removes its -wal and -shm files at close).
    /// </summary>
    private static async Task<(string Logs, Dictionary<string, UnixFileMode> Running)> RunCollectorAsync(CollectorSettings settings)
    {
        var logs = new LogRecorder();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        Dictionary<string, UnixFileMode> running;
        await using (var host = CollectorHost.Create(settings, factory))
        {
            await host.StartAsync();
            await host.Client!.WaitConnectedAsync(TimeSpan.FromSeconds(30));
            using var technician = await TestMqttClient.ConnectAsync(host.MqttPort, "technician");
            await technician.PublishAsync("metering/v1/dev-a/config", """{"v":1}""", retain: true);
            running = Modes(settings.DataDirectory);
        }

        return (logs.Text, running);
    }

    /// <summary>
    /// The files a run writes: the four databases with their WAL files (and -shm files, except for the two held in
    /// exclusive locking mode), the token, retained messages, inventory, one carbon series.
    /// </summary>
    private static HashSet<string> Expected(string data) =>
        [.. new[] { "collector.db", "jobs.db", "outbox.db", "store.db" }.SelectMany(d => new[] { d, d + "-wal" })
            .Concat(["collector.db-shm", "store.db-shm", "api-token", "retained.json", "inventory.json", Path.Combine("carbon", "paris-dc1.csv")])
            .Select(f => Path.Combine(data, f))];

    private static Dictionary<string, UnixFileMode> Modes(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetUnixFileMode);

    private static string Stat(string format, string path) => ServerProcess.Run("stat", $"-c {format} {path}").Output.Trim();
}
