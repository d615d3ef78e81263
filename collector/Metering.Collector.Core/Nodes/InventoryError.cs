namespace Metering.Collector.Nodes;

/// <summary>One thing wrong with an inventory.</summary>
/// <param name="Path">The offending entry: <c>nodes[2] "node07"</c>, <c>mappings[0]</c>, <c>$</c> for the whole file.</param>
/// <param name="Message">What is wrong, for people.</param>
public sealed record InventoryError(string Path, string Message)
{
    /// <summary><c>path: message</c>.</summary>
    public override string ToString() => Path + ": " + Message;
}

/// <summary>An inventory (a file, or an edit) was refused; <see cref="Errors"/> names every offending entry.</summary>
public sealed class InventoryException : Exception
{
    /// <summary>Wraps one or more errors.</summary>
    public InventoryException(IReadOnlyList<InventoryError> errors)
        : base(Describe(errors)) => Errors = errors;

    /// <summary>Wraps one error.</summary>
    public InventoryException(string path, string message)
        : this([new InventoryError(path, message)])
    {
    }

    /// <summary>Every error found, in file order.</summary>
    public IReadOnlyList<InventoryError> Errors { get; }

    private static string Describe(IReadOnlyList<InventoryError> errors) =>
        errors.Count == 1 ? "invalid inventory: " + errors[0] : $"invalid inventory ({errors.Count} errors):\n  " + string.Join("\n  ", errors);
}
