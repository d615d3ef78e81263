using System.Globalization;
using System.Text;
using Metering.Collector.Carbon;
using Metering.Collector.Nodes;

namespace Metering.Collector.Files;

/// <summary>
/// The imported carbon-intensity series of a data directory, one CSV per zone: <c>DATA_DIR/carbon/{zone}.csv</c>
/// (README.md "Imported series"). The folder's one I/O adapter: <see cref="Import"/> merges a new series into the
/// zone's file (later rows win) and replaces it atomically (<see cref="AtomicFile"/>: temporary file created with the
/// data files' mode, then rename), so `metering serve`, which reloads the folder when it changes, never reads half a file.
/// </summary>
public sealed class CarbonSeriesFiles
{
    /// <summary>The file name suffix.</summary>
    public const string Extension = ".csv";

    /// <summary>The store in <paramref name="directory"/> (created on the first import); files are written with <paramref name="mode"/>.</summary>
    public CarbonSeriesFiles(string directory, UnixFileMode mode = AtomicFile.Private)
    {
        Directory = directory;
        Mode = mode;
    }

    /// <summary>The folder holding the series.</summary>
    public string Directory { get; }

    /// <summary>The mode imported files are created with (0600, or 0640 with the settings' <c>DataGroup</c>).</summary>
    public UnixFileMode Mode { get; }

    /// <summary>The store of a collector data directory: its <c>carbon</c> folder.</summary>
    public static CarbonSeriesFiles In(string dataDirectory, UnixFileMode mode = AtomicFile.Private) => new(new DataDirectory(dataDirectory).CarbonSeries, mode);

    /// <summary>The file of <paramref name="zone"/>; throws for a zone id that breaks the id rule.</summary>
    public string PathOf(string zone) =>
        InventoryIds.IsValid(zone) && zone.Trim('.').Length > 0
            ? Path.Combine(Directory, zone + Extension)
            : throw new ArgumentException($"zone \"{zone}\" must be {InventoryIds.Rule}, not only dots", nameof(zone));

    /// <summary>Zones with a file, ordinal order.</summary>
    public IReadOnlyList<string> Zones() =>
        System.IO.Directory.Exists(Directory)
            ? [.. System.IO.Directory.EnumerateFiles(Directory, "*" + Extension).Select(f => Path.GetFileNameWithoutExtension(f)!).Where(InventoryIds.IsValid).Order(StringComparer.Ordinal)]
            : [];

    /// <summary>The zone's stored series, or null when it has none; throws <see cref="CarbonCsvException"/> for a damaged file.</summary>
    public IntensitySeries? Load(string zone)
    {
        var path = PathOf(zone);
        if (!File.Exists(path))
        {
            return null;
        }

        using var reader = new StreamReader(path, Encoding.UTF8);
        return CarbonCsv.Parse(reader);
    }

    /// <summary>Every zone's series; a file that fails to parse is reported to <paramref name="failed"/> and left out.</summary>
    public IReadOnlyDictionary<string, IntensitySeries> LoadAll(Action<string, Exception>? failed = null)
    {
        var series = new Dictionary<string, IntensitySeries>(StringComparer.Ordinal);
        foreach (var zone in Zones())
        {
            try
            {
                series[zone] = Load(zone)!;
            }
            catch (Exception ex) when (ex is CarbonCsvException or IOException)
            {
                failed?.Invoke(zone, ex);
            }
        }

        return series;
    }

    /// <summary>Names, sizes and write times of the files: changes when any file is added, replaced or removed.</summary>
    public string Signature() =>
        string.Join('|', Zones().Select(z => new FileInfo(PathOf(z))).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}")));

    /// <summary>
    /// Merges <paramref name="imported"/> into the zone's stored series (a row of the import replaces a stored row at
    /// the same timestamp) and replaces the file atomically. Returns what changed and the stored series.
    /// </summary>
    public CarbonImport Import(string zone, IntensitySeries imported)
    {
        ArgumentNullException.ThrowIfNull(imported);
        var path = PathOf(zone);
        var rows = new SortedDictionary<long, double>();
        foreach (var p in Load(zone)?.Points ?? [])
        {
            rows[p.TimestampMs] = p.GramsPerKwh;
        }

        var replaced = imported.Points.Count(p => rows.ContainsKey(p.TimestampMs));
        foreach (var p in imported.Points)
        {
            rows[p.TimestampMs] = p.GramsPerKwh;
        }

        var merged = new IntensitySeries(rows.Select(r => new IntensityPoint(r.Key, r.Value)));
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else
        {
            // Readable and searchable exactly by those who may read the files.
            System.IO.Directory.CreateDirectory(Directory, Mode | UnixFileMode.UserExecute | (Mode.HasFlag(UnixFileMode.GroupRead) ? UnixFileMode.GroupExecute : 0));
        }

        AtomicFile.Write(path, Format(merged, $"zone {zone}, written by metering carbon import"), Mode);
        return new CarbonImport(zone, path, imported.Points.Count - replaced, replaced, merged);
    }

    /// <summary>The canonical CSV of a series: an optional comment, the header, one row per point by time.</summary>
    public static string Format(IntensitySeries series, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(series);
        var b = new StringBuilder();
        if (comment is not null)
        {
            b.Append("# ").Append(comment.ReplaceLineEndings(" ")).Append('\n');
        }

        b.Append(CarbonCsv.Header).Append('\n');
        foreach (var p in series.Points)
        {
            b.Append(Timestamp(p.TimestampMs)).Append(',').Append(p.GramsPerKwh.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        return b.ToString();
    }

    /// <summary>A UTC time as the CSV writes it: <c>2025-03-03T08:00:00Z</c>, with milliseconds only when not zero.</summary>
    public static string Timestamp(long ms)
    {
        var t = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return t.ToString(ms % 1000 == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}

/// <summary>What an import changed.</summary>
/// <param name="Zone">The zone.</param>
/// <param name="Path">The file written.</param>
/// <param name="Added">Imported rows at timestamps the zone had no row for.</param>
/// <param name="Replaced">Imported rows that replaced a stored row at the same timestamp.</param>
/// <param name="Stored">The zone's series after the import.</param>
public sealed record CarbonImport(string Zone, string Path, int Added, int Replaced, IntensitySeries Stored);
