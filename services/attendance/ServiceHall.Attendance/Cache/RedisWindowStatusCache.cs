using System.Text.Json;
using ServiceHall.Attendance.Domain;
using StackExchange.Redis;

namespace ServiceHall.Attendance.Cache;

/// <summary>
/// Window status in Redis, one JSON string per window under <c>servicehall:attendance:window:{windowId}</c>
/// (ids only, no personal data). Entries expire after a day, so a status missed while Redis was away cannot linger.
/// </summary>
public sealed class RedisWindowStatusCache(IConnectionMultiplexer redis) : IWindowStatusCache
{
    private static readonly TimeSpan Expiry = TimeSpan.FromHours(24);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static RedisKey KeyOf(string windowId) => $"servicehall:attendance:window:{windowId}";

    public async Task<WindowStatus?> GetAsync(string windowId, CancellationToken cancellationToken)
    {
        var value = await redis.GetDatabase().StringGetAsync(KeyOf(windowId)).WaitAsync(cancellationToken);
        return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<WindowStatus>((string)value!, Json);
    }

    public Task SetAsync(WindowStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        return redis.GetDatabase()
            .StringSetAsync(KeyOf(status.WindowId), JsonSerializer.Serialize(status, Json), Expiry)
            .WaitAsync(cancellationToken);
    }
}
