namespace Metering.Collector.Nodes;

/// <summary>The rule for site, node, feed and label ids: 1 to 64 characters of ASCII letters, digits, '.', '_' or '-'.</summary>
public static class InventoryIds
{
    /// <summary>Longest id.</summary>
    public const int MaxLength = 64;

    /// <summary>True when <paramref name="id"/> follows the rule.</summary>
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>What the rule says, for error messages.</summary>
    public const string Rule = "1 to 64 characters of ASCII letters, digits, '.', '_' or '-'";
}
