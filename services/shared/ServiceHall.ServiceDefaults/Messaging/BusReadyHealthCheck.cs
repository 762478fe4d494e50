using MassTransit;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceHall.ServiceDefaults.Messaging;

/// <summary>
/// Readiness of the bus: connected and every receive endpoint bound. MassTransit's own check reports a bus whose
/// endpoints are still binding as Degraded, which grpc.health.v1 answers as SERVING; an event published to an
/// exchange before its consumers' queue is bound would go nowhere, so "ready" waits for all of it.
/// </summary>
public sealed class BusReadyHealthCheck(IBusControl bus) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        var health = bus.CheckHealth();
        return Task.FromResult(health.Status == BusHealthStatus.Healthy
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"bus {health.Status}: {health.Description}"));
    }
}
