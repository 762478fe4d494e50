using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ServiceHall.FaultHarness;

/// <summary>
/// A TCP proxy in front of a service that loses answers: it forwards requests unchanged and, for every
/// <see cref="DropEvery"/>-th response, drops the connection the moment the service starts answering (its first
/// HTTP/2 HEADERS frame on a request stream) — the service did the work and committed it, the client never hears
/// of it and sees UNAVAILABLE, as when a network path breaks on the way back.
/// </summary>
public sealed class ReplyDroppingProxy : IAsyncDisposable
{
    private const byte HeadersFrame = 0x1;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _responses;
    private int _dropped;

    public ReplyDroppingProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    public string Url { get; }

    /// <summary>0: lose nothing; n: lose every n-th answer.</summary>
    public int DropEvery { get; set; }

    public int Dropped => _dropped;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        using (var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, connection.Token);
                var up = client.GetStream().CopyToAsync(server.GetStream(), connection.Token);
                var down = AnswersAsync(server.GetStream(), client.GetStream(), connection.Token);
                await Task.WhenAny(up, down);
                await connection.CancelAsync();
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The service or the client went away: so does the connection.
            }
        }
    }

    private async Task AnswersAsync(Stream from, Stream to, CancellationToken cancellationToken)
    {
        var header = new byte[9];
        var answered = new HashSet<int>();
        try
        {
            while (true)
            {
                await from.ReadExactlyAsync(header, cancellationToken);
                var length = (header[0] << 16) | (header[1] << 8) | header[2];
                var stream = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(5)) & 0x7fffffff;
                var payload = new byte[length];
                await from.ReadExactlyAsync(payload, cancellationToken);
                if (header[3] == HeadersFrame && stream != 0 && answered.Add(stream) && DropEvery > 0 &&
                    Interlocked.Increment(ref _responses) % DropEvery == 0)
                {
                    Interlocked.Increment(ref _dropped);
                    return; // the caller closes both sides: the answer is lost
                }
                await to.WriteAsync(header, cancellationToken);
                await to.WriteAsync(payload, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
