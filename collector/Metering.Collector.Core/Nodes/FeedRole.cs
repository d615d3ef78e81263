namespace Metering.Collector.Nodes;

/// <summary>What a feed's meter measures, and so whether its energy counts toward the node's energy.</summary>
public enum FeedRole
{
    /// <summary><c>wall</c>: AC at a PSU cord. The node's energy is the sum of its wall feeds.</summary>
    Wall = 1,

    /// <summary>
    /// <c>submeter</c>: a DC rail inside a PSU (a GPU's 12 V cable). Reported per feed, never added to the node's
    /// energy: the wall feeds already contain it.
    /// </summary>
    Submeter = 2,
}

/// <summary>File tokens of <see cref="FeedRole"/>.</summary>
public static class FeedRoles
{
    /// <summary><c>wall</c> or <c>submeter</c>.</summary>
    public static string Token(this FeedRole role) => role switch
    {
        FeedRole.Wall => "wall",
        FeedRole.Submeter => "submeter",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a feed role"),
    };

    /// <summary>Parses <c>wall</c> or <c>submeter</c>; false for anything else.</summary>
    public static bool TryParse(string? token, out FeedRole role)
    {
        role = token switch
        {
            "wall" => FeedRole.Wall,
            "submeter" => FeedRole.Submeter,
            _ => 0,
        };
        return role != 0;
    }
}
