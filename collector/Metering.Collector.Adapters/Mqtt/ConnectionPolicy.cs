using MQTTnet.Protocol;
using Metering.Protocol;

namespace Metering.Collector.Mqtt;

/// <summary>What a client presented at CONNECT.</summary>
public sealed record ConnectRequest(string? Username, string? Password, string? ClientId, bool FromLoopback);

/// <summary>The answer to a CONNECT: a principal, or a refusal with its reason key and the CONNACK code sent.</summary>
public sealed record ConnectDecision(Principal? Principal, string? Refusal, MqttConnectReasonCode Code)
{
    /// <summary>An accepted connection.</summary>
    public static ConnectDecision Accept(Principal principal) => new(principal, null, MqttConnectReasonCode.Success);

    /// <summary>A refused connection.</summary>
    public static ConnectDecision Refuse(string reason, MqttConnectReasonCode code) => new(null, reason, code);
}

/// <summary>
/// Who a connecting client is (README, "Modes"), pure apart from the password check. With a user directory every
/// client authenticates; devices must use their username as client id. Without one, only loopback clients are
/// accepted and each is trusted to be who it says (its username, else its client id). In both modes the collector's
/// own subscriber logs in as <see cref="InternalCredentials.Username"/>, from loopback, with the password only this
/// process knows: a service principal.
/// </summary>
public sealed class ConnectionPolicy(IUserDirectory? users, IReadOnlyCollection<string> serviceUsernames, InternalCredentials? @internal = null)
{
    /// <summary>True when a credentials file is in force.</summary>
    public bool Authenticates => users is not null;

    /// <summary>Decides <paramref name="request"/>.</summary>
    public ConnectDecision Decide(ConnectRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Username == InternalCredentials.Username)
        {
            return @internal is not null && request.FromLoopback && @internal.Verify(request.Password)
                ? ConnectDecision.Accept(new Principal(PrincipalRole.Service, InternalCredentials.Username))
                : ConnectDecision.Refuse(RefusalReasons.BadPassword, MqttConnectReasonCode.BadUserNameOrPassword);
        }

        if (users is null)
        {
            return request.FromLoopback
                ? ConnectDecision.Accept(new Principal(PrincipalRole.Local, string.IsNullOrEmpty(request.Username) ? request.ClientId ?? "" : request.Username))
                : ConnectDecision.Refuse(RefusalReasons.NotLoopback, MqttConnectReasonCode.NotAuthorized);
        }

        var user = request.Username;
        if (string.IsNullOrEmpty(user))
        {
            return ConnectDecision.Refuse(RefusalReasons.Anonymous, MqttConnectReasonCode.NotAuthorized);
        }

        if (!users.Contains(user))
        {
            return ConnectDecision.Refuse(RefusalReasons.UnknownUser, MqttConnectReasonCode.BadUserNameOrPassword);
        }

        if (!users.Verify(user, request.Password))
        {
            return ConnectDecision.Refuse(RefusalReasons.BadPassword, MqttConnectReasonCode.BadUserNameOrPassword);
        }

        if (serviceUsernames.Contains(user))
        {
            // A service account must not take over a device's session by using its client id.
            return users.Contains(request.ClientId) && !serviceUsernames.Contains(request.ClientId!)
                ? ConnectDecision.Refuse(RefusalReasons.ClientIdOfDevice, MqttConnectReasonCode.ClientIdentifierNotValid)
                : ConnectDecision.Accept(new Principal(PrincipalRole.Service, user));
        }

        if (!DeviceId.IsValid(user))
        {
            return ConnectDecision.Refuse(RefusalReasons.NotADeviceId, MqttConnectReasonCode.NotAuthorized);
        }

        return request.ClientId == user
            ? ConnectDecision.Accept(new Principal(PrincipalRole.Device, user))
            : ConnectDecision.Refuse(RefusalReasons.ClientIdMismatch, MqttConnectReasonCode.ClientIdentifierNotValid);
    }
}
