using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ServiceHall.ServiceDefaults.Hosting;

namespace ServiceHall.ServiceDefaults;

public static class TelemetryExtensions
{
    /// <summary>
    /// Traces, metrics and logs with the service name and version as resource attributes; ASP.NET Core, gRPC client,
    /// HTTP, MassTransit, EF Core and Redis instrumentation; OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set.
    /// Span attributes carry ids only: EF Core statements are recorded without parameter values.
    /// <c>ServiceHall:Tracing:Enabled=false</c> turns tracing off (metrics and logs stay): what the benchmark compares.
    /// </summary>
    public static IHostApplicationBuilder AddServiceHallTelemetry(this IHostApplicationBuilder builder,
        string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var version = Assembly.GetEntryAssembly()?.GetName().Version?.ToString() ?? "0.0.0";
        var distributed = builder.Configuration.GetServiceHallMode() == ServiceHallMode.Distributed;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = false;
        });

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService($"servicehall-{serviceName}", serviceNamespace: "servicehall", serviceVersion: version)
                .AddAttributes([new("deployment.mode", distributed ? "distributed" : "standalone")]))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit"))
            .WithTracing(tracing =>
            {
                if (!builder.Configuration.GetValue("ServiceHall:Tracing:Enabled", true))
                    return;
                tracing
                    .AddSource(ServiceHallTelemetry.OutboxSourceName, ServiceHallTelemetry.DomainSourceName)
                    .AddSource("MassTransit")
                    .AddAspNetCoreInstrumentation(o =>
                        o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/grpc.health.v1.Health"))
                    .AddGrpcClientInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddEntityFrameworkCoreInstrumentation();
                if (distributed)
                    // A command outside any trace (the health probe's PING, the connection's own heartbeat) is nobody's.
                    tracing.AddRedisInstrumentation(redis => redis.Filter = context =>
                        context.ParentActivity is not null &&
                        !string.Equals(context.ProfiledCommand.Command, "PING", StringComparison.Ordinal));
            });

        if (!string.IsNullOrWhiteSpace(builder.Configuration[InfrastructureNames.Config.OtlpEndpoint]))
            otel.UseOtlpExporter();
        return builder;
    }
}
