using Metering.Collector.Mqtt;

namespace Metering.Collector.Tests.Mqtt;

/// <summary>Who a connecting client becomes, with and without a credentials file.</summary>
public sealed class ConnectionPolicyTests
{
    private static readonly CredentialsFile Users = CredentialsFile.Parse(string.Join('\n',
        $"dev-a:{PasswordHash.Create("pa", 10)}", $"collector:{PasswordHash.Create("pc", 10)}", $"Not_A_Device:{PasswordHash.Create("px", 10)}"));

    public static TheoryData<string?, string?, string?, string> Secured => new()
    {
        { "dev-a", "pa", "dev-a", "Device dev-a" },
        { "collector", "pc", "collector", "Service collector" },
        { "collector", "pc", "collector-2", "Service collector" },
        { "collector", "pc", "dev-a", $"{RefusalReasons.ClientIdOfDevice} ClientIdentifierNotValid" },
        { "dev-a", "pa", "dev-a-2", $"{RefusalReasons.ClientIdMismatch} ClientIdentifierNotValid" },
        { "dev-a", "px", "dev-a", $"{RefusalReasons.BadPassword} BadUserNameOrPassword" },
        { "dev-a", null, "dev-a", $"{RefusalReasons.BadPassword} BadUserNameOrPassword" },
        { "dev-b", "pa", "dev-b", $"{RefusalReasons.UnknownUser} BadUserNameOrPassword" },
        { null, null, "dev-a", $"{RefusalReasons.Anonymous} NotAuthorized" },
        { "", "pa", "dev-a", $"{RefusalReasons.Anonymous} NotAuthorized" },
        { "Not_A_Device", "px", "Not_A_Device", $"{RefusalReasons.NotADeviceId} NotAuthorized" },
    };

    [Theory]
    [MemberData(nameof(Secured))]
    public void With_credentials_every_client_authenticates_and_a_device_keeps_its_id(string? user, string? password, string? clientId, string expected)
    {
        var policy = new ConnectionPolicy(Users, ["collector"]);

        Assert.Equal(expected, Describe(policy.Decide(new ConnectRequest(user, password, clientId, FromLoopback: false))));
    }

    [Theory]
    [InlineData("dev-a", "any", "dev-a", true, "Local dev-a")]
    [InlineData(null, null, "technician", true, "Local technician")]
    [InlineData("collector", null, "c-1", true, "Local collector")]
    [InlineData(null, null, "dev-a", false, RefusalReasons.NotLoopback + " NotAuthorized")]
    public void Without_credentials_only_loopback_clients_get_in_and_each_is_who_it_claims(string? user, string? password, string clientId, bool loopback, string expected)
    {
        var policy = new ConnectionPolicy(null, ["collector"]);

        Assert.Equal(expected, Describe(policy.Decide(new ConnectRequest(user, password, clientId, loopback))));
    }

    private static string Describe(ConnectDecision d) => d.Principal is { } p
        ? $"{p.Role} {p.Name}"
        : $"{d.Refusal} {d.Code}";
}
