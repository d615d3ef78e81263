using Metering.Protocol;

namespace Metering.Collector.Mqtt;

/// <summary>
/// The topic rules (README, "ACL"), pure: who may publish to a topic and subscribe to a filter. Each answer is null
/// (allowed) or a <see cref="RefusalReasons"/> key.
/// </summary>
public static class TopicAcl
{
    private const string SharedPrefix = "$share/";

    /// <summary>Null when <paramref name="principal"/> may publish to <paramref name="topic"/>; otherwise why not.</summary>
    public static string? CheckPublish(Principal principal, string topic)
    {
        if (!Topics.TryParse(topic, out var deviceId, out var kind))
        {
            return topic.StartsWith(Topics.Root, StringComparison.Ordinal) ? RefusalReasons.InvalidTopic : RefusalReasons.OutsideNamespace;
        }

        return principal.Role switch
        {
            PrincipalRole.Device when deviceId != principal.Name => RefusalReasons.ForeignDevice,
            PrincipalRole.Device when kind == MessageKind.Config => RefusalReasons.ConfigByDevice,
            PrincipalRole.Service when kind != MessageKind.Config => RefusalReasons.DeviceMessageByService,
            PrincipalRole.Local when kind != MessageKind.Config && deviceId != principal.Name => RefusalReasons.ForeignDevice,
            _ => null,
        };
    }

    /// <summary>Null when <paramref name="principal"/> may subscribe to <paramref name="filter"/>; otherwise why not.</summary>
    public static string? CheckSubscribe(Principal principal, string filter)
    {
        switch (principal.Role)
        {
            case PrincipalRole.Device:
                return filter == Topics.Root + principal.Name + "/" + Topics.ConfigSuffix ? null : RefusalReasons.NotOwnConfig;
            case PrincipalRole.Service:
                // A shared subscription ($share/{group}/{filter}) is judged by its filter: collectors scale out with them.
                var plain = filter.StartsWith(SharedPrefix, StringComparison.Ordinal) && filter.IndexOf('/', SharedPrefix.Length) is var slash and > 0
                    ? filter[(slash + 1)..]
                    : filter;
                return plain.StartsWith(Topics.Root, StringComparison.Ordinal) ? null : RefusalReasons.OutsideNamespace;
            default:
                return null;
        }
    }
}
