using System.Text.Json;
using Metering.Collector.Carbon;
using Metering.Collector.Nodes;
using Microsoft.Data.Sqlite;

namespace Metering.Collector.Cli;

/// <summary>
/// The failures a command meets when a file it reads is damaged or unreadable, or a port it listens on is taken, said
/// in one line.
/// </summary>
internal static class DamagedInput
{
    /// <summary>What went wrong, or null when <paramref name="error"/> is not about a file or a port (a bug: let it surface).</summary>
    public static string? Describe(Exception error) => error switch
    {
        _ when PortInUse(error) => $"a port is in use: {error.Message} (is another collector or broker running? stop it, or choose another port: Broker:Port, Http:Url)",
        InventoryException e => "the inventory file is not valid: " + e.Message,
        CarbonCsvException e => "a carbon-intensity file is not valid: " + e.Message,
        JsonException e => "a JSON file is not valid: " + e.Message,
        SqliteException e => $"a database cannot be read ({e.SqliteErrorCode}): {e.Message}",
        UnauthorizedAccessException e => "permission denied: " + e.Message,
        IOException e => "cannot read or write a file: " + e.Message,
        InvalidDataException e => "a file is not valid: " + e.Message,
        _ => null,
    };

    /// <summary>
    /// The one-line error for the HTTP listen address of <paramref name="url"/> when another process holds it, else
    /// null: checked before the web host starts, which would log its own failure with a stack trace first. (A port
    /// taken between this check and the start still ends in the same one-line error, after the host's log line.)
    /// </summary>
    public static string? HttpPortTaken(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Port <= 0)
        {
            return null;
        }

        var address = uri.Host switch
        {
            "localhost" => System.Net.IPAddress.Loopback,
            "*" or "+" or "0.0.0.0" => System.Net.IPAddress.Any,
            var host => System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? ip : null,
        };
        if (address is null)
        {
            return null;
        }

        try
        {
            using var probe = new System.Net.Sockets.TcpListener(address, uri.Port);
            probe.Start();
            probe.Stop();
            return null;
        }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
        {
            return Describe(new IOException($"Failed to bind to address {url}: address already in use.", e));
        }
    }

    /// <summary>True when <paramref name="error"/> or one it wraps says an address is already in use (Kestrel's AddressInUseException, a socket's error).</summary>
    private static bool PortInUse(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse } || e.GetType().Name == "AddressInUseException")
            {
                return true;
            }
        }

        return false;
    }
}
