namespace Metering.Portability;

/// <summary>One construct in a portable assembly that the nanoFramework 1.x runtime cannot run.</summary>
/// <param name="Rule">Short rule id, e.g. <c>generic-definition</c>.</param>
/// <param name="Location">Where it was found: a type, method or member name.</param>
/// <param name="Detail">What was found and why it is refused.</param>
public sealed record PortabilityViolation(string Rule, string Location, string Detail)
{
    /// <inheritdoc />
    public override string ToString() => $"{Rule}: {Location}: {Detail}";
}
