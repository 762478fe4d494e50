using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace ServiceHall.ServiceDefaults.Hosting;

/// <summary>
/// Redis is a cache: while it is down every read answers from the database, so the service is Degraded, never
/// Unhealthy (grpc.health.v1 "ready" stays SERVING and no instance is taken out of rotation for it).
/// </summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin(); // a probe is nobody's trace
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await redis.GetDatabase().PingAsync().WaitAsync(timeout.Token);
            return HealthCheckResult.Healthy("Redis answers.");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Degraded("Redis is unreachable; reads answer from the database.");
        }
    }
}
