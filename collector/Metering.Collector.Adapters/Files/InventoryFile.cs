using System.Text;
using Metering.Collector.Nodes;

namespace Metering.Collector.Files;

/// <summary>
/// The inventory file on disk (its text is <see cref="InventoryJson"/>'s). Saving writes the canonical form
/// atomically: a temporary file beside the target, then a rename.
/// </summary>
public static class InventoryFile
{
    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="InventoryException">The file is not a valid inventory.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Inventory Load(string path) => InventoryJson.Parse(File.ReadAllText(path, Encoding.UTF8));

    /// <summary>Writes <paramref name="inventory"/> to <paramref name="path"/> atomically, in canonical form.</summary>
    public static void Save(Inventory inventory, string path)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(temp, InventoryJson.Format(inventory), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temp, full, overwrite: true);
    }
}
