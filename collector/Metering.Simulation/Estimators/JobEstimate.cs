namespace Metering.Simulation.Estimators;

/// <summary>A software estimator's power for a job over a range of the world's clock, as a node agent would send it.</summary>
/// <param name="JobId">The job.</param>
/// <param name="NodeId">Its node.</param>
/// <param name="FromMicroseconds">Start of the range, µs since the world's origin.</param>
/// <param name="ToMicroseconds">End of the range (exclusive), µs.</param>
/// <param name="Watts">The estimated power, W.</param>
public sealed record JobEstimate(string JobId, string NodeId, long FromMicroseconds, long ToMicroseconds, double Watts);
