namespace Metering.Collector.Mqtt;

/// <summary>Why the broker refused a connection, a publish or a subscription: the keys of its refusal counters.</summary>
public static class RefusalReasons
{
    /// <summary>CONNECT without a username while a credentials file is in force.</summary>
    public const string Anonymous = "anonymous";

    /// <summary>CONNECT with a username the credentials file does not hold.</summary>
    public const string UnknownUser = "unknown_user";

    /// <summary>CONNECT with a wrong password.</summary>
    public const string BadPassword = "bad_password";

    /// <summary>CONNECT as a user that is neither a service account nor a valid device id.</summary>
    public const string NotADeviceId = "not_a_device_id";

    /// <summary>A device's client id differs from its username (it could take over another device's session).</summary>
    public const string ClientIdMismatch = "client_id_mismatch";

    /// <summary>A service account used a device's client id (it would take over that device's session).</summary>
    public const string ClientIdOfDevice = "client_id_of_device";

    /// <summary>CONNECT from another host to a broker without a credentials file.</summary>
    public const string NotLoopback = "not_loopback";

    /// <summary>A topic outside <c>metering/v1/</c>.</summary>
    public const string OutsideNamespace = "outside_namespace";

    /// <summary>A topic under <c>metering/v1/</c> that is not <c>{deviceId}/{telemetry|status|config|event}</c>.</summary>
    public const string InvalidTopic = "invalid_topic";

    /// <summary>A device message (telemetry, status, event) published under another device's id.</summary>
    public const string ForeignDevice = "foreign_device";

    /// <summary>A device published to a config topic (config comes from technicians and the collector).</summary>
    public const string ConfigByDevice = "config_by_device";

    /// <summary>A service account published a device message (only devices speak for themselves).</summary>
    public const string DeviceMessageByService = "device_message_by_service";

    /// <summary>A device subscribed to something other than its own config topic.</summary>
    public const string NotOwnConfig = "not_own_config";

    /// <summary>A publish from a connection the broker holds no principal for (should not happen; never allowed).</summary>
    public const string UnknownClient = "unknown_client";

    /// <summary>A packet larger than the broker's maximum packet size, refused at its fixed header (the connection is closed).</summary>
    public const string PacketTooLarge = "packet_too_large";

    /// <summary>CONNECT from an address locked out after too many failed logins (CONNACK ServerBusy: try later).</summary>
    public const string LoginThrottled = "login_throttled";
}
