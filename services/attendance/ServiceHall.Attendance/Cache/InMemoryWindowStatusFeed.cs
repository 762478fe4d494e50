using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ServiceHall.Attendance.Domain;

namespace ServiceHall.Attendance.Cache;

/// <summary>Window status announcements within one process (standalone host).</summary>
public sealed class InMemoryWindowStatusFeed : IWindowStatusFeed
{
    private readonly ConcurrentDictionary<Channel<(string HallId, WindowStatus Status)>, byte> _watchers = new();

    public bool IsAvailable => true;

    public Task PublishAsync(string hallId, WindowStatus status, CancellationToken cancellationToken)
    {
        foreach (var watcher in _watchers.Keys)
            watcher.Writer.TryWrite((hallId, status));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<WindowStatus> SubscribeAsync(string hallId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A slow watcher loses the oldest announcements rather than holding up the clock-ins; it re-syncs from the
        // database when it reconnects.
        var channel = Channel.CreateBounded<(string HallId, WindowStatus Status)>(
            new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        _watchers[channel] = 0;
        try
        {
            while (true)
            {
                (string HallId, WindowStatus Status) item;
                try
                {
                    item = await channel.Reader.ReadAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                if (item.HallId == hallId)
                    yield return item.Status;
            }
        }
        finally
        {
            _watchers.TryRemove(channel, out _);
        }
    }
}
