using System.Text;
using Metering.Collector.Nodes;

namespace Metering.Collector.Files;

/// <summary>
/// The inventory file on disk (its text is <see cref="InventoryJson"/>'s). Saving writes the canonical form
/// atomically (<see cref="AtomicFile"/>: a temporary file beside the target, created with the data files' mode, then a rename).
/// </summary>
public static class InventoryFile
{
    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="InventoryException">The file is not a valid inventory.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Inventory Load(string path) => InventoryJson.Parse(File.ReadAllText(path, Encoding.UTF8));

    /// <summary>
    /// Writes <paramref name="inventory"/> to <paramref name="path"/> atomically, in canonical form, with
    /// <paramref name="mode"/> (0600 unless the settings give the data files a group: <c>DataGroup</c>).
    /// </summary>
    public static void Save(Inventory inventory, string path, UnixFileMode mode = AtomicFile.Private) =>
        AtomicFile.Write(path, InventoryJson.Format(inventory), mode);
}
