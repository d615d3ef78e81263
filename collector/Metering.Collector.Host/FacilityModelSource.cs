using Metering.Collector.Carbon;
using Metering.Collector.Files;
using Metering.Collector.Host.Settings;
using Microsoft.Extensions.Logging;

namespace Metering.Collector.Host;

/// <summary>
/// The PUE and carbon model `metering serve` attributes with: the <c>Facility</c> and <c>Carbon</c> settings plus the
/// series imported into <c>DATA_DIR/carbon/</c> (`metering carbon import`), rebuilt when those files change. A file
/// that fails to parse is logged and left out (its zone keeps its configured constant, if any).
/// </summary>
public sealed class FacilityModelSource
{
    private readonly CollectorSettings _options;
    private readonly ILogger _log;
    private readonly CarbonSeriesFiles _files;
    private string _signature;

    /// <summary>Loads the model from <paramref name="options"/> (validated) and the imported series.</summary>
    public FacilityModelSource(CollectorSettings options, ILogger log)
    {
        _options = options;
        _log = log;
        _files = CarbonSeriesFiles.In(options.DataDirectory);
        _signature = _files.Signature();
        Model = Build();
    }

    /// <summary>The model in effect.</summary>
    public FacilityCarbonModel Model { get; private set; }

    /// <summary>Zones with an imported series in the model in effect.</summary>
    public IReadOnlyList<string> ImportedZones { get; private set; } = [];

    /// <summary>Rebuilds the model when a series file was added, replaced or removed; returns the new model, or null when nothing changed.</summary>
    public FacilityCarbonModel? ReloadIfChanged()
    {
        var signature = _files.Signature();
        if (signature == _signature)
        {
            return null;
        }

        _signature = signature;
        Model = Build();
        _log.LogInformation("Carbon intensity series reloaded from {Directory}: {Zones}", _files.Directory, string.Join(", ", ImportedZones));
        return Model;
    }

    private FacilityCarbonModel Build()
    {
        var series = _files.LoadAll((zone, ex) => _log.LogError("Carbon intensity series of zone {Zone} not loaded: {Error}", zone, ex.Message));
        ImportedZones = [.. series.Keys.Order(StringComparer.Ordinal)];
        return new FacilityCarbonModel(_options.Facility.ToTable(), _options.Carbon.ToTable(series));
    }
}
