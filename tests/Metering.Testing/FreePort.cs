using System.Net;
using System.Net.Sockets;

namespace Metering.Testing;

/// <summary>Loopback ports for test servers.</summary>
public static class FreePort
{
    /// <summary>A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>True when something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Waits until <paramref name="port"/> accepts connections, or throws after <paramref name="timeout"/>.</summary>
    public static void WaitUntilAccepting(int port, TimeSpan timeout, Func<string>? diagnostics = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Accepts(port))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"nothing accepted connections on 127.0.0.1:{port} within {timeout}. {diagnostics?.Invoke()}");
            }

            Thread.Sleep(50);
        }
    }
}
