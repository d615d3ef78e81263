namespace Metering.Collector.Carbon;

/// <summary>One thing wrong with a carbon-intensity CSV.</summary>
/// <param name="Line">1-based line number in the file.</param>
/// <param name="Message">What is wrong, for people.</param>
/// <param name="Column">1-based field (1 timestamp, 2 g_co2e_per_kwh) when the error is in one field; null for the whole line.</param>
public sealed record CarbonCsvError(int Line, string Message, int? Column = null)
{
    /// <summary><c>line N: message</c>.</summary>
    public override string ToString() => $"line {Line}: {Message}";
}

/// <summary>A carbon-intensity CSV was refused; <see cref="Errors"/> names every bad line (up to <see cref="CarbonCsv.MaxErrors"/>).</summary>
public sealed class CarbonCsvException : Exception
{
    /// <summary>Wraps the errors found, in line order.</summary>
    public CarbonCsvException(IReadOnlyList<CarbonCsvError> errors)
        : base(Describe(errors)) => Errors = errors;

    /// <summary>Every error found, in line order.</summary>
    public IReadOnlyList<CarbonCsvError> Errors { get; }

    private static string Describe(IReadOnlyList<CarbonCsvError> errors) =>
        errors.Count == 1 ? "invalid carbon intensity CSV: " + errors[0] : $"invalid carbon intensity CSV ({errors.Count} errors):\n  " + string.Join("\n  ", errors);
}
