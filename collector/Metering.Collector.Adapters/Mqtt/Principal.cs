namespace Metering.Collector.Mqtt;

/// <summary>What a connection is allowed to be, decided once at CONNECT by <see cref="ConnectionPolicy"/>.</summary>
public enum PrincipalRole
{
    /// <summary>An authenticated meter: its username is its device id.</summary>
    Device,

    /// <summary>An authenticated service account (collector, technician tools): reads everything, writes config.</summary>
    Service,

    /// <summary>An unauthenticated local client of a broker without a credentials file (loopback only).</summary>
    Local,
}

/// <summary>
/// A connection's identity: the role and the name the topic rules compare with the topic's device id (the device id
/// for <see cref="PrincipalRole.Device"/>, the service username, or for <see cref="PrincipalRole.Local"/> the claimed
/// username, or the client id when no username was sent).
/// </summary>
public sealed record Principal(PrincipalRole Role, string Name);
