using Metering.Collector.Files;
using Metering.Collector.Nodes;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Host;

/// <summary>
/// The collector's inventory file: loaded at start, reloaded when it changes, and what the configuration leaves out
/// (no inventory, nodes without PUE or carbon) worked out again each time and logged when it changed.
/// </summary>
public sealed partial class CollectorHost
{
    /// <summary>What the configuration leaves out (<see cref="ConfigurationWarnings"/>): logged when it changes, listed by /health.</summary>
    public IReadOnlyList<string> SetupWarnings { get; private set; } = [];

    private Inventory LoadInventory()
    {
        var path = _options.EffectiveInventoryPath;
        if (Directory.Exists(path))
        {
            throw new InvalidDataException($"the inventory path {path} is a directory; InventoryPath names the inventory file (default: inventory.json in the data directory)");
        }

        if (!File.Exists(path))
        {
            return _inventory = Inventory.Empty;
        }

        _inventoryWritten = File.GetLastWriteTimeUtc(path);
        return _inventory = InventoryFile.Load(path);
    }

    /// <summary>Works out <see cref="SetupWarnings"/> again and logs them when they changed.</summary>
    private void CheckSetup()
    {
        var path = _options.EffectiveInventoryPath;
        var warnings = ConfigurationWarnings.For(_inventory, path, File.Exists(path), Facility.Model, _time.GetUtcNow().ToUnixTimeMilliseconds());
        if (!warnings.SequenceEqual(SetupWarnings))
        {
            var log = _logs.CreateLogger<CollectorHost>();
            foreach (var warning in warnings)
            {
                log.LogWarning("Configuration: {Warning}", warning);
            }
        }

        SetupWarnings = warnings;
    }

    private void ReloadInventoryIfChanged()
    {
        var path = _options.EffectiveInventoryPath;
        if (!File.Exists(path) || File.GetLastWriteTimeUtc(path) == _inventoryWritten)
        {
            return;
        }

        try
        {
            _processor.UseInventory(LoadInventory());
            _logs.CreateLogger<CollectorHost>().LogInformation("Inventory reloaded from {Path}", path);
            CheckSetup();
        }
        catch (Exception ex) when (ex is InventoryException or IOException or System.Text.Json.JsonException)
        {
            _logs.CreateLogger<CollectorHost>().LogError("Inventory {Path} not reloaded: {Error}", path, ex.Message);
        }
    }
}
