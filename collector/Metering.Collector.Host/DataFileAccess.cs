using System.Runtime.InteropServices;

namespace Metering.Collector.Host;

/// <summary>
/// Who may read the collector's data files (its databases hold every user's jobs and the job API token): the
/// collector's own user only (files 0600, a new data directory 0700), or also one Unix group (<c>DataGroup</c>: files
/// 0640, the data directory 2750 owned by the group, its setgid bit giving every file created in it that group).
/// </summary>
public sealed class DataFileAccess
{
    private DataFileAccess(UnixFileMode fileMode, int? groupId, string? group)
    {
        FileMode = fileMode;
        GroupId = groupId;
        Group = group;
    }

    /// <summary>The collector's user only: 0600.</summary>
    public static DataFileAccess Private { get; } = new(UnixFileMode.UserRead | UnixFileMode.UserWrite, null, null);

    /// <summary>The mode every data file is created with.</summary>
    public UnixFileMode FileMode { get; }

    /// <summary>The mode of a directory the collector creates: the file mode plus search for those who may read.</summary>
    public UnixFileMode DirectoryMode => FileMode | UnixFileMode.UserExecute | (GroupId is null ? 0 : UnixFileMode.GroupExecute | UnixFileMode.SetGroup);

    /// <summary>The group's id, or null for <see cref="Private"/>.</summary>
    public int? GroupId { get; }

    /// <summary>The group as configured (name or number), or null.</summary>
    public string? Group { get; }

    /// <summary>The access <paramref name="group"/> (the <c>DataGroup</c> setting) asks for.</summary>
    /// <exception cref="ArgumentException">The group does not exist (or this is not a Unix system).</exception>
    public static DataFileAccess For(string? group)
    {
        if (group is null)
        {
            return Private;
        }

        return UnixGroups.Resolve(group) is { } gid
            ? new DataFileAccess(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, gid, group)
            : throw new ArgumentException($"DataGroup: there is no group '{group}' on this system (a group name, or a numeric id)", nameof(group));
    }

    /// <summary>
    /// Creates <paramref name="directory"/> with <see cref="DirectoryMode"/> when missing; with a group, also gives an
    /// existing one the group and the setgid bit, so that what any command writes into it later is readable by the group.
    /// </summary>
    public void PrepareDirectory(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
            return;
        }

        if (!Directory.Exists(full))
        {
            Directory.CreateDirectory(full, DirectoryMode);
        }

        if (GroupId is { } gid)
        {
            UnixGroups.Chown(full, gid);
            File.SetUnixFileMode(full, DirectoryMode);
        }
    }

    /// <summary>
    /// Makes <paramref name="path"/> a data file with this access: created empty when missing (so that SQLite, which
    /// gives its -wal and -shm files the mode of the database, opens a file that already has the right mode), given
    /// the group, and narrowed when it was readable or writable by more (a file an older collector created 0644).
    /// Returns the mode it had when it was narrowed, else null.
    /// </summary>
    public UnixFileMode? Prepare(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        if (!File.Exists(full))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using (new FileStream(full, new FileStreamOptions { Mode = System.IO.FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = FileMode }))
            {
            }

            File.SetUnixFileMode(full, FileMode);
        }

        return Narrow(full);
    }

    /// <summary>
    /// Prepares the data directory of <paramref name="settings"/> before the collector opens anything in it: the
    /// directory, its SQLite databases (created empty with this mode, their -wal and -shm files narrowed), and narrows
    /// the other files it may already hold (api-token, retained messages, inventory, carbon series), each narrowing
    /// logged with the mode the file had.
    /// </summary>
    public void PrepareAll(Settings.CollectorSettings settings, Microsoft.Extensions.Logging.ILogger log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        PrepareDirectory(settings.DataDirectory);
        var storage = settings.EffectiveStorage;
        var databases = new List<string> { settings.Paths.State, settings.Paths.Jobs, storage.Outbox.Path };
        if (storage.Sink == "sqlite")
        {
            databases.Add(storage.Sqlite.Path);
        }

        var narrowed = databases.Select(d => (d, Prepare(d)))
            .Concat(databases.SelectMany(d => new[] { "-wal", "-shm", "-journal" }.Select(suffix => d + suffix)).Select(f => (f, Narrow(f))))
            .Concat(new[] { settings.Paths.ApiToken, settings.Paths.ApiReadToken, settings.Paths.Retained, settings.EffectiveInventoryPath }.Select(f => (f, Narrow(f))))
            .Concat(CarbonFiles(settings.Paths.CarbonSeries).Select(f => (f, Narrow(f))));
        foreach (var (file, was) in narrowed)
        {
            if (was is { } mode)
            {
                Microsoft.Extensions.Logging.LoggerExtensions.LogWarning(log, "Data file {Path} was mode {Was}: narrowed to {Mode} ({Who})",
                    Path.GetFullPath(file), Octal(mode), Octal(mode & FileMode), GroupId is null ? "the collector's user only; set DataGroup to let a group read" : $"group {Group}");
            }
        }
    }

    /// <summary>A mode as chmod writes it: 0644.</summary>
    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0xFFF, 8).PadLeft(3, '0');

    private static IEnumerable<string> CarbonFiles(string folder) => Directory.Exists(folder) ? Directory.EnumerateFiles(folder) : [];

    /// <summary>Narrows an existing file to this access (and gives it the group); null when it was missing or already narrow.</summary>
    public UnixFileMode? Narrow(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return null;
        }

        if (GroupId is { } gid)
        {
            UnixGroups.Chown(path, gid);
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & ~FileMode) == 0)
        {
            return null;
        }

        File.SetUnixFileMode(path, mode & FileMode);
        return mode;
    }
}

/// <summary>The two libc calls a data group needs: a group's id by name, and changing a file's group.</summary>
internal static class UnixGroups
{
    /// <summary>The id of <paramref name="group"/> (a name, or a number), or null when there is no such group.</summary>
    public static int? Resolve(string group)
    {
        if (OperatingSystem.IsWindows() || string.IsNullOrWhiteSpace(group))
        {
            return null;
        }

        if (int.TryParse(group, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        // struct group { char *gr_name; char *gr_passwd; gid_t gr_gid; char **gr_mem; }: the id follows two pointers.
        var entry = getgrnam(group);
        return entry == IntPtr.Zero ? null : Marshal.ReadInt32(entry, 2 * IntPtr.Size);
    }

    /// <summary>Gives <paramref name="path"/> the group <paramref name="gid"/> (its owner unchanged).</summary>
    /// <exception cref="IOException">The collector's user may not (it must belong to the group, or be root).</exception>
    public static void Chown(string path, int gid)
    {
        if (chown(path, -1, gid) != 0)
        {
            throw new IOException($"cannot give {path} the group {gid} (errno {Marshal.GetLastPInvokeError()}): the collector's user must belong to the DataGroup");
        }
    }

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr getgrnam(string name);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int chown(string path, int owner, int group);
}
