namespace Metering.Simulation.Fleet;

/// <summary>
/// Where a running fleet stands, for the CLI to print (README, "Progress"). Counts are sums over the devices since
/// the fleet started.
/// </summary>
/// <param name="SimulatedSeconds">Simulated time since the fleet's clock started.</param>
/// <param name="Devices">Meters in the fleet.</param>
/// <param name="Connected">Meters connected to the broker now (subscribed, birth sent).</param>
/// <param name="Configured">Meters that applied a config (sampling).</param>
/// <param name="WindowsClosed">Telemetry windows closed.</param>
/// <param name="TelemetryPublished">Telemetry messages handed to the broker (retries included).</param>
/// <param name="StatusPublished">Status messages published (births and periodic health).</param>
/// <param name="EventsPublished">Event messages published.</param>
/// <param name="Acknowledged">Publishes the broker acknowledged (PUBACK).</param>
/// <param name="QueuedWindows">Windows waiting in the meters' store-and-forward (sent but unacknowledged included).</param>
/// <param name="DroppedWindows">Windows the meters dropped from a full store-and-forward (their energy stays in the counters).</param>
/// <param name="Reconnects">Connections the meters lost.</param>
/// <param name="FailedConnects">Connection attempts that failed (broker down, refused credentials).</param>
/// <param name="Faults">Exceptions a meter threw out of a scheduler pass.</param>
/// <param name="SamplingGapSeconds">
/// Longest simulated time between two sampling passes of a meter since the previous progress report (the whole run in
/// the final report). The rails are sampled at 20 Hz only while it stays under 0.05 s; over 1 s an INA219 channel starts
/// a new epoch (firmware Sampling README). It grows when the fleet is too large or too fast for the CPU.
/// </param>
public sealed record FleetProgress(
    double SimulatedSeconds,
    int Devices,
    int Connected,
    int Configured,
    long WindowsClosed,
    long TelemetryPublished,
    long StatusPublished,
    long EventsPublished,
    long Acknowledged,
    long QueuedWindows,
    long DroppedWindows,
    long Reconnects,
    long FailedConnects,
    long Faults,
    double SamplingGapSeconds);
