using System.Net;
using System.Net.Sockets;

namespace ServiceHall.Testing;

/// <summary>Free loopback ports for the servers a test run starts.</summary>
public static class FreePort
{
    private static readonly HashSet<int> Handed = [];

    /// <summary>A port nothing listens on now, and not handed out before in this run (nor its +20000 twin).</summary>
    public static int Next()
    {
        lock (Handed)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                // RabbitMQ also takes port + 20000 for distribution: keep both in range and apart.
                if (port + 20000 < 65535 && Handed.Add(port) && Handed.Add(port + 20000) && IsFree(port + 20000))
                    return port;
            }
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
