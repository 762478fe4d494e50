using System.Runtime.CompilerServices;
using System.Text.Json;
using ServiceHall.Attendance.Domain;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Hosting;
using StackExchange.Redis;

namespace ServiceHall.Attendance.Cache;

/// <summary>
/// Window status announcements on the Redis channel <c>servicehall:attendance:hall:{hallId}:windows</c> (the first part
/// is <see cref="RedisNames.Prefix"/>).
/// </summary>
public sealed class RedisWindowStatusFeed(IConnectionMultiplexer redis, RedisNames names) : IWindowStatusFeed
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public RedisChannel ChannelOf(string hallId) =>
        RedisChannel.Literal(names.Of(InfrastructureNames.Services.Attendance, $"hall:{hallId}:windows"));

    public bool IsAvailable => redis.IsConnected;

    public Task PublishAsync(string hallId, WindowStatus status, CancellationToken cancellationToken) =>
        redis.GetSubscriber().PublishAsync(ChannelOf(hallId), JsonSerializer.Serialize(status, Json))
            .WaitAsync(cancellationToken);

    public async IAsyncEnumerable<WindowStatus> SubscribeAsync(string hallId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var subscriber = redis.GetSubscriber();
        var queue = await subscriber.SubscribeAsync(ChannelOf(hallId));
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                ChannelMessage message;
                try
                {
                    message = await queue.ReadAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
                if (JsonSerializer.Deserialize<WindowStatus>((string)message.Message!, Json) is { } status)
                    yield return status;
            }
        }
        finally
        {
            await queue.UnsubscribeAsync().WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None)
                .ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
