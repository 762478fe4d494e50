using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using ServiceHall.Calendar;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Hosting;
using StackExchange.Redis;

namespace ServiceHall.ServiceDefaults;

public static class HostingExtensions
{
    /// <summary>
    /// What every ServiceHall host has: telemetry, gRPC with health (grpc.health.v1) and reflection, bearer-token
    /// auth, the hall settings, a <see cref="TimeProvider"/>, and Redis in distributed mode.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        TransportGuard.Check(builder.Configuration, builder.Environment);
        _ = Audit.AuditRetention.From(builder.Configuration); // at least 180 days
        builder.AddServiceHallTelemetry(serviceName);
        builder.AddServiceHallAuth();
        builder.Services.TryAddSingleton(TimeProvider.System);
        // A graceful stop (SIGTERM) ends within this, then what is still running is cancelled: shorter than an
        // orchestrator's grace period (Kubernetes: 30 s), so a stop is never a kill. Nothing is lost either way: an
        // unfinished call rolls back and its caller retries with the same request id.
        builder.Services.Configure<HostOptions>(o =>
            o.ShutdownTimeout = builder.Configuration.GetValue("ServiceHall:ShutdownTimeout", TimeSpan.FromSeconds(20)));
        builder.Services.Configure<HallOptions>(builder.Configuration.GetSection(HallOptions.Section));
        builder.Services.AddSingleton(WorkCalendarFrom(builder.Configuration));
        builder.Services.Configure<Grpc.RateLimitOptions>(builder.Configuration.GetSection(Grpc.RateLimitOptions.Section));
        builder.Services.AddSingleton<Grpc.RateLimitInterceptor>();
        builder.Services.AddSingleton<Audit.AuditWriter>();
        builder.Services.AddSingleton<Audit.AuditChains>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler,
            Audit.AuditAuthorizationHandler>();
        builder.Services.AddGrpc(o =>
        {
            o.EnableDetailedErrors = builder.Environment.IsDevelopment() ||
                                     builder.Configuration.GetValue<bool>("ServiceHall:DetailedErrors");
            // Bounded requests: the largest legitimate message (a week's roster, an application's materials) is a
            // few kilobytes; a larger one is RESOURCE_EXHAUSTED before it is read into memory.
            o.MaxReceiveMessageSize = builder.Configuration.GetValue("ServiceHall:MaxReceiveMessageBytes", 256 * 1024);
            // Outermost: the audit record sees the status the caller gets.
            o.Interceptors.Add<Audit.AuditInterceptor>();
            o.Interceptors.Add<Grpc.ErrorInterceptor>();
            o.Interceptors.Add<Grpc.RateLimitInterceptor>();
            o.Interceptors.Add<Grpc.TextNormalizingInterceptor>();
            o.Interceptors.Add<Grpc.IdempotencyInterceptor>();
        });
        builder.Services.AddGrpcReflection();
        // grpc.health.v1: "" answers whether the process lives; "ready" whether its database and bus are reachable.
        builder.Services.AddGrpcHealthChecks(o =>
            {
                o.Services.Map("", r => r.Tags.Contains("live"));
                o.Services.Map("ready", r => r.Tags.Contains("ready") || r.Tags.Contains("live"));
            })
            .AddCheck("self", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(),
                tags: ["live"]);

        if (builder.Configuration.GetServiceHallMode() == ServiceHallMode.Distributed)
        {
            builder.AddRedis();
            builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis",
                Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, ["ready"]);
        }
        return builder;
    }

    /// <summary>
    /// The hall's work calendar from <c>Hall:Calendar</c> (holidays, make-up workdays, hours, lunch), in the hall's
    /// time zone <c>Hall:TimeZone</c>. A calendar that makes no sense stops the host at start-up.
    /// </summary>
    public static WorkCalendar WorkCalendarFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var hall = configuration.GetSection(HallOptions.Section).Get<HallOptions>() ?? new HallOptions();
        var options = new WorkCalendarOptions();
        configuration.GetSection(WorkCalendarOptions.Section).Bind(options);
        options.TimeZone = hall.TimeZone;
        return new WorkCalendar(options);
    }

    /// <summary>
    /// Redis (StackExchange.Redis) with abortConnect=false: a host starts, and serves, while Redis is down. Commands
    /// fail fast while disconnected instead of waiting in a backlog that would replay old cache writes after the
    /// reconnect (over newer ones): a cache write either happens now or not at all.
    /// </summary>
    private static void AddRedis(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration.GetConnectionString(InfrastructureNames.Redis) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"ConnectionStrings:{InfrastructureNames.Redis} is not configured (e.g. 127.0.0.1:6379).");
        var options = ConfigurationOptions.Parse(configuration);
        CredentialGuard.CheckRedis(InfrastructureNames.Redis, options, builder.Environment);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 1000;
        options.AsyncTimeout = 1000;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddSingleton(RedisNames.From(builder.Configuration));
    }

    /// <summary>Health and reflection (anonymous), authentication and authorization.</summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<Grpc.TransientAuthFailureMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        app.MapGrpcService<Audit.AuditGrpcService>();
        return app;
    }

    /// <summary>For services' Map methods: the route builder a gRPC service is mapped on.</summary>
    public static IEndpointRouteBuilder Endpoints(this WebApplication app) => app;
}
