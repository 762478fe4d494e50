using System.Text.Json;
using Microsoft.Extensions.Logging;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Hosting;
using StackExchange.Redis;

namespace ServiceHall.Attendance.Cache;

/// <summary>
/// Window status in Redis, one JSON string per window under <c>servicehall:attendance:window:{windowId}</c>
/// (the first part is <see cref="RedisNames.Prefix"/>; ids only, no personal data), stamped with when it was read from the database (<c>loadedAt</c>, ticks): a write
/// older than the stamp already there is ignored (in Redis, atomically), so the cache cannot go back in time.
/// Entries expire after a day. While Redis is unreachable, reads and writes fail at once (the reader answers from
/// the database); when the connection comes back, every window entry is forgotten, because changes made meanwhile
/// never reached it — the next reads fill it from the database again.
/// </summary>
public sealed partial class RedisWindowStatusCache : IWindowStatusCache
{
    private static readonly TimeSpan Expiry = TimeSpan.FromHours(24);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // KEYS[1] the window's key; ARGV[1] the entry, ARGV[2] its loadedAt ticks, ARGV[3] expiry in seconds.
    private static readonly LuaScript SetIfNewer = LuaScript.Prepare("""
        local current = redis.call('GET', @key)
        if current then
          local ok, entry = pcall(cjson.decode, current)
          if ok and type(entry) == 'table' and entry.loadedAt and tonumber(entry.loadedAt) > tonumber(@loadedAt) then
            return 0
          end
        end
        redis.call('SET', @key, @entry, 'EX', @expiry)
        return 1
        """);

    private readonly IConnectionMultiplexer _redis;
    private readonly RedisNames _names;
    private readonly ILogger<RedisWindowStatusCache> _logger;

    public RedisWindowStatusCache(IConnectionMultiplexer redis, RedisNames names, ILogger<RedisWindowStatusCache> logger)
    {
        _redis = redis;
        _names = names;
        _logger = logger;
        redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
                _ = ForgetAllAsync();
        };
    }

    public RedisKey KeyOf(string windowId) => _names.Of(InfrastructureNames.Services.Attendance, $"window:{windowId}");

    private string KeyPattern => _names.Of(InfrastructureNames.Services.Attendance, "window:*");

    public async Task<WindowStatus?> GetAsync(string windowId, CancellationToken cancellationToken)
    {
        EnsureConnected();
        var value = await _redis.GetDatabase().StringGetAsync(KeyOf(windowId)).WaitAsync(cancellationToken);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<Entry>((string)value!, Json)?.Status;
    }

    public Task SetAsync(WindowStatus status, DateTimeOffset loadedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        EnsureConnected();
        var entry = JsonSerializer.Serialize(new Entry(status, loadedAt.UtcTicks), Json);
        return _redis.GetDatabase().ScriptEvaluateAsync(SetIfNewer, new
        {
            key = KeyOf(status.WindowId), entry, loadedAt = loadedAt.UtcTicks, expiry = (long)Expiry.TotalSeconds,
        }).WaitAsync(cancellationToken);
    }

    /// <summary>Fails at once while disconnected, rather than waiting in the client's backlog for a timeout.</summary>
    private void EnsureConnected()
    {
        if (!_redis.IsConnected)
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is not connected.");
    }

    private async Task ForgetAllAsync()
    {
        try
        {
            var forgotten = 0;
            foreach (var endpoint in _redis.GetEndPoints())
            {
                var server = _redis.GetServer(endpoint);
                if (server.IsReplica)
                    continue;
                await foreach (var key in server.KeysAsync(pattern: KeyPattern, pageSize: 500))
                {
                    await _redis.GetDatabase().KeyDeleteAsync(key);
                    forgotten++;
                }
            }
            LogForgotten(forgotten);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogForgetFailed(ex.GetType().Name);
        }
    }

    /// <summary>What is stored: the status and when it was read from the database.</summary>
    public sealed record Entry(WindowStatus Status, long LoadedAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is back: {Count} cached window statuses forgotten")]
    private partial void LogForgotten(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is back, but forgetting the cached window statuses failed ({ErrorType})")]
    private partial void LogForgetFailed(string errorType);
}
