using System.Text.Json;
using Metering.Collector.Carbon;
using Metering.Collector.Nodes;
using Microsoft.Data.Sqlite;

namespace Metering.Collector.Cli;

/// <summary>The failures a command meets when a file it reads is damaged or unreadable, said in one line.</summary>
internal static class DamagedInput
{
    /// <summary>What went wrong, or null when <paramref name="error"/> is not about a file (a bug: let it surface).</summary>
    public static string? Describe(Exception error) => error switch
    {
        InventoryException e => "the inventory file is not valid: " + e.Message,
        CarbonCsvException e => "a carbon-intensity file is not valid: " + e.Message,
        JsonException e => "a JSON file is not valid: " + e.Message,
        SqliteException e => $"a database cannot be read ({e.SqliteErrorCode}): {e.Message}",
        UnauthorizedAccessException e => "permission denied: " + e.Message,
        IOException e => "cannot read or write a file: " + e.Message,
        InvalidDataException e => "a file is not valid: " + e.Message,
        _ => null,
    };
}
