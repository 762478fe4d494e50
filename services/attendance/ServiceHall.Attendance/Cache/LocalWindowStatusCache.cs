using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using ServiceHall.Attendance.Domain;
using StackExchange.Redis;

namespace ServiceHall.Attendance.Cache;

/// <summary>
/// A copy in the process's memory in front of Redis (<see cref="RedisWindowStatusCache"/>), for the wall's hot reads:
/// a window read again within <see cref="KeepFor"/> (default two seconds) answers without a round trip. It is used only
/// while the process hears the hall's window announcements (<see cref="RedisWindowStatusFeed"/>, sent by whichever
/// instance changed a window): each one forgets that window here, as does every write through this instance, so a
/// change shows at once on this instance and within the announcement's delivery on the others. While Redis is away
/// nothing is kept (an announcement could be missed) and reads fall back as before; when it is back, everything kept
/// is forgotten. A read that raced a forgetting is not kept.
/// </summary>
public sealed class LocalWindowStatusCache : IWindowStatusCache
{
    private const int MaxEntries = 10_000;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly RedisWindowStatusCache _shared;
    private readonly IConnectionMultiplexer _redis;
    private readonly ConcurrentDictionary<string, (WindowStatus Status, long CachedAt)> _local = new(StringComparer.Ordinal);
    private readonly RedisChannel _announcements;
    private readonly object _subscribing = new();
    private long _forgettings;
    private volatile bool _hearing;
    private Task? _subscription;

    public LocalWindowStatusCache(RedisWindowStatusCache shared, IConnectionMultiplexer redis, RedisChannel announcements,
        TimeSpan keepFor)
    {
        _shared = shared;
        _redis = redis;
        _announcements = announcements;
        KeepFor = keepFor;
        redis.ConnectionFailed += (_, _) => Deafen();
        redis.ConnectionRestored += (_, _) => ForgetAll();
    }

    public TimeSpan KeepFor { get; }

    public async Task<WindowStatus?> GetAsync(string windowId, CancellationToken cancellationToken)
    {
        if (KeepFor <= TimeSpan.Zero)
            return await _shared.GetAsync(windowId, cancellationToken);
        EnsureHearing();
        if (_hearing && _redis.IsConnected && _local.TryGetValue(windowId, out var kept) &&
            Stopwatch.GetElapsedTime(kept.CachedAt) < KeepFor)
        {
            return kept.Status;
        }
        var forgettings = Interlocked.Read(ref _forgettings);
        var status = await _shared.GetAsync(windowId, cancellationToken);
        if (status is not null && _hearing && Interlocked.Read(ref _forgettings) == forgettings)
        {
            if (_local.Count >= MaxEntries)
                _local.Clear();
            _local[windowId] = (status, Stopwatch.GetTimestamp());
        }
        return status;
    }

    public Task SetAsync(WindowStatus status, DateTimeOffset loadedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        Forget(status.WindowId);
        return _shared.SetAsync(status, loadedAt, cancellationToken);
    }

    private void Forget(string windowId)
    {
        Interlocked.Increment(ref _forgettings);
        _local.TryRemove(windowId, out _);
    }

    private void ForgetAll()
    {
        Interlocked.Increment(ref _forgettings);
        _local.Clear();
    }

    private void Deafen()
    {
        _hearing = false;
        ForgetAll();
    }

    /// <summary>Subscribes to the announcements once (Redis re-subscribes by itself after a reconnect).</summary>
    private void EnsureHearing()
    {
        if (_subscription is not null || !_redis.IsConnected)
            return;
        lock (_subscribing)
        {
            _subscription ??= SubscribeAsync();
        }
    }

    private async Task SubscribeAsync()
    {
        try
        {
            await _redis.GetSubscriber().SubscribeAsync(_announcements, (_, message) =>
            {
                if (!_hearing)
                    ForgetAll();
                _hearing = true;
                var id = message.IsNullOrEmpty ? null : JsonSerializer.Deserialize<WindowStatus>((string)message!, Json)?.WindowId;
                if (id is null)
                    ForgetAll();
                else
                    Forget(id);
            });
            ForgetAll();
            _hearing = true;
            _redis.ConnectionRestored += (_, _) => _hearing = true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _subscription = null; // tried again at the next read
        }
    }
}
