using System.Net;
using Microsoft.Extensions.Logging;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Metering.Collector.Mqtt;

/// <summary>
/// The broker's connections: who a client is at CONNECT (after the login lockout), forgetting it when its connection
/// ends, and packets refused by their size (README.md, "Failed logins", "Client ids", "Packet size").
/// </summary>
public sealed partial class EmbeddedBroker
{
    private Task OnValidatingAsync(ValidatingConnectionEventArgs e)
    {
        var address = AddressOf(e.RemoteEndPoint);
        var request = new ConnectRequest(e.UserName, e.Password, e.ClientId, address is not null && IPAddress.IsLoopback(address));
        if (address is not null && e.UserName != InternalCredentials.Username && _throttle.IsLocked(address))
        {
            // Refused before the password is checked: a locked-out guesser costs no PBKDF2.
            e.ReasonCode = MqttConnectReasonCode.ServerBusy;
            Refuse(RefusalStage.Connect, RefusalReasons.LoginThrottled, e.ClientId, e.UserName, null);
            return Task.CompletedTask;
        }

        var decision = _policy.Decide(request);
        if (decision.Principal is null)
        {
            e.ReasonCode = decision.Code;
            Refuse(RefusalStage.Connect, decision.Refusal!, e.ClientId, e.UserName, null);
            if (address is not null && decision.Refusal is RefusalReasons.BadPassword or RefusalReasons.UnknownUser && _throttle.Failed(address))
            {
                _log.LogWarning("MQTT logins from {Address} refused for {Seconds:0} s after {Failures} failed logins (the last as user {Username}, client {ClientId})",
                    address, _options.LoginLockout.TotalSeconds, _options.MaxFailedLogins, e.UserName, e.ClientId);
            }

            return Task.CompletedTask;
        }

        if (address is not null && e.UserName != InternalCredentials.Username)
        {
            // The collector's own subscriber shares loopback with anyone else on this host: its login (exempt from
            // the lockout) must not forget a guesser's failures either.
            _throttle.Succeeded(address);
        }

        var clientId = e.ClientId;
        if (string.IsNullOrEmpty(clientId))
        {
            // MQTT 5 lets the server name a client that sent none (devices never get here: theirs must be their id).
            clientId = e.AssignedClientIdentifier = "auto-" + Guid.NewGuid().ToString("N");
        }

        // Kept per client id, not in the session's items: a resumed persistent session keeps its first connection's items.
        // Removed when this connection ends (OnDisconnectedAsync); MQTTnet judges a last will before it reports the end.
        _principals[clientId] = new Connection(decision.Principal, e.RemoteEndPoint?.ToString());
        TrackCollector(clientId, decision.Principal, e.CleanSession ?? true);
        Counters.ConnectionAccepted();
        return Task.CompletedTask;
    }

    private Task OnDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        // A takeover is reported after the new connection was validated: the entry is the new connection's. Otherwise
        // only this connection's own entry goes (a reconnect under the same id may already have replaced it).
        if (e.DisconnectType != MqttClientDisconnectType.Takeover && e.ClientId is { } id && _principals.TryGetValue(id, out var connection)
            && connection.EndPoint == e.RemoteEndPoint?.ToString())
        {
            _principals.TryRemove(new KeyValuePair<string, Connection>(id, connection));
        }

        return Task.CompletedTask;
    }

    private void OnTooLarge(EndPoint? remote, int packetType, long bytes)
    {
        var stage = packetType switch { 1 => RefusalStage.Connect, 3 => RefusalStage.Publish, 8 => RefusalStage.Subscribe, _ => RefusalStage.Packet };
        Refuse(stage, RefusalReasons.PacketTooLarge, null, null, null);
        var address = AddressOf(remote);
        if (_refusalLog.ShouldLog($"{RefusalReasons.PacketTooLarge}/{address}", out var since))
        {
            _log.LogWarning("MQTT packet of {Bytes} bytes (type {Type}) from {Address} refused: over the limit of {Limit} bytes; connection closed{Since}",
                bytes, packetType, address, _options.MaxPacketBytes, since > 0 ? $" ({since} more since the last such line)" : "");
        }
    }

    private static IPAddress? AddressOf(EndPoint? endPoint) =>
        endPoint is IPEndPoint ip ? (ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address) : null;

    private sealed record Connection(Principal Principal, string? EndPoint);
}
