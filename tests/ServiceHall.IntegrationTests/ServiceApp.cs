using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceHall.Attendance;
using ServiceHall.Cases;
using ServiceHall.Complaints;
using ServiceHall.Discipline;
using ServiceHall.ServiceDefaults;
using ServiceHall.ServiceDefaults.Messaging;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// A service hosted exactly as its Program.cs hosts it, on Kestrel at a free loopback port, in distributed mode,
/// with the test's clock and signing key.
/// </summary>
public sealed class ServiceApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string[] _databases;

    private ServiceApp(WebApplication app, string url, string logFile, string[] databases)
    {
        _app = app;
        _databases = databases;
        Url = url;
        LogFile = logFile;
        // Every mutating call the integration tests make is also sent again with its request id (a retry test).
        Channel = DeadlineChannel.ForAddress(url, sendTwice: true);
    }

    public string Url { get; }

    /// <summary>Where this app's log lines go (to scan them for what must never be logged).</summary>
    public string LogFile { get; }

    public DeadlineChannel Channel { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The units the attendance tests put their windows in; each attendance app makes sure they exist.</summary>
    public static readonly IReadOnlyList<string> TestUnits = ["u", "u1", "unit-hr", "unit-tax"];

    public static async Task<ServiceApp> StartAttendanceAsync(InfrastructureFixture infra, TimeProvider time,
        string? redis = null, string? database = null,
        IDictionary<string, string?>? settings = null)
    {
        // The day check every 200 ms and facts final at once unless a test says otherwise.
        var merged = new Dictionary<string, string?>(HallFixture.DayCheckSettings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            merged[key] = value;
        var app = await StartAsync(InfrastructureNames.Services.Attendance, infra, time, database, redis,
            b => b.AddAttendanceService(), a => a.MapAttendanceService(), merged);
        var client = new ServiceHall.Attendance.V1.AttendanceService.AttendanceServiceClient(app.Channel);
        foreach (var unit in TestUnits)
        {
            try
            {
                await client.CreateUnitAsync(new ServiceHall.Attendance.V1.CreateUnitRequest { UnitId = unit, Name = unit },
                    TestAuth.Bearer("office-it", ServiceHall.ServiceDefaults.Auth.Roles.Office));
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.AlreadyExists)
            {
                // Created by an earlier app on the same database.
            }
        }
        return app;
    }

    public static Task<ServiceApp> StartCasesAsync(InfrastructureFixture infra, TimeProvider time,
        string? database = null, IDictionary<string, string?>? settings = null) =>
        StartAsync(InfrastructureNames.Services.Cases, infra, time, database, null,
            b => b.AddCasesService(), a => a.MapCasesService(), settings);

    public static Task<ServiceApp> StartComplaintsAsync(InfrastructureFixture infra, TimeProvider time,
        string? database = null, IDictionary<string, string?>? settings = null) =>
        StartAsync(InfrastructureNames.Services.Complaints, infra, time, database, null,
            b => b.AddComplaintsService(), a => a.MapComplaintsService(), settings);

    /// <summary>
    /// The topology step as a host runs it (<c>ServiceHall:DeployTopologyOnly</c>): discipline's queue and bindings
    /// declared on the scope's virtual host, nothing consumed, no database touched.
    /// </summary>
    public static async Task DeployDisciplineTopologyAsync(InfrastructureFixture infra, TimeProvider time)
    {
        var builder = Builder(InfrastructureNames.Services.Discipline, infra, time, infra.DatabaseOf(InfrastructureNames.Services.Discipline),
            null, new Dictionary<string, string?> { [ServiceHall.ServiceDefaults.Messaging.TopologyDeployment.Setting] = "true" }, out _);
        builder.AddDisciplineService();
        builder.AddServiceHallMessaging();
        await using var app = builder.Build();
        await ServiceHall.ServiceDefaults.Messaging.TopologyDeployment.DeployTopologyAsync(app);
    }

    public static Task<ServiceApp> StartDisciplineAsync(InfrastructureFixture infra, TimeProvider time,
        string? database = null, IDictionary<string, string?>? settings = null) =>
        StartAsync(InfrastructureNames.Services.Discipline, infra, time, database, null,
            b => b.AddDisciplineService(), a => a.MapDisciplineService(), settings);

    private static async Task<ServiceApp> StartAsync(string service, InfrastructureFixture infra, TimeProvider time,
        string? database, string? redis, Action<WebApplicationBuilder> add, Action<WebApplication> map,
        IDictionary<string, string?>? settings = null)
    {
        // A scope's own databases and virtual host: another class's clock or consumers never touch this one's.
        database ??= infra.DatabaseOf(service);
        if (infra.Scope is null)
            throw new InvalidOperationException("Start services on a scope of the servers: await infra.ScopeAsync(name).");
        var builder = Builder(service, infra, time, database, redis, settings, out var logFile);
        add(builder);
        builder.AddServiceHallMessaging();

        var app = builder.Build();
        app.MapServiceDefaults();
        map(app);
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First();
        // Every PostgreSQL connection string the app was given (the service's own and the schema owner's): the pools
        // to close when it is gone.
        var databases = app.Configuration.GetSection("ConnectionStrings").GetChildren()
            .Select(c => c.Value).OfType<string>()
            .Where(v => v.Contains("Host=", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.Ordinal).ToArray();
        var started = new ServiceApp(app, url, logFile, databases);
        await started.WaitUntilReadyAsync();
        return started;
    }

    private static WebApplicationBuilder Builder(string service, InfrastructureFixture infra, TimeProvider time,
        string database, string? redis, IDictionary<string, string?>? settings, out string logFile)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:EndpointDefaults:Protocols"] = "Http2",
            ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
            ["Auth:SigningKey"] = TestAuth.SigningKey,
            // Most tests' machines use bare `system` tokens; MachineClientTests turns this off.
            ["Auth:LegacySystemRole"] = "true",
            ["Privacy:Key"] = TestAuth.PrivacyKey,
            ["Events:Keys:attendance"] = TestAuth.EventKeys["attendance"],
            ["Events:Keys:cases"] = TestAuth.EventKeys["cases"],
            ["Events:Keys:complaints"] = TestAuth.EventKeys["complaints"],
            ["Events:Keys:discipline"] = TestAuth.EventKeys["discipline"],
            [$"ConnectionStrings:{InfrastructureNames.DatabaseOf(service)}"] = infra.Postgres.ServiceConnectionString(service, database),
            [$"ConnectionStrings:{InfrastructureNames.DatabaseOwnerOf(service)}"] = infra.Postgres.OwnerConnectionString(service, database),
            [$"ConnectionStrings:{InfrastructureNames.RabbitMq}"] = infra.RabbitMqUri,
            [$"ConnectionStrings:{InfrastructureNames.Redis}"] = redis ?? infra.Redis.ServiceConnectionString(service),
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft"] = "Warning",
            ["Logging:LogLevel:MassTransit"] = "Information",
            ["ServiceHall:DetailedErrors"] = "true",
            // The scope's own Redis keys and channels: another class's window of the same id is not this one's.
            [ServiceHall.ServiceDefaults.Hosting.RedisNames.Setting] = infra.RedisPrefix,
        });
        if (settings is not null)
            builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(time);
        logFile = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "servicehall-tests", "logs",
            $"{service}-{Guid.NewGuid():N}.log");
        builder.Logging.AddProvider(new FileLoggerProvider(logFile));
        builder.AddServiceDefaults(service);
        return builder;
    }

    /// <summary>
    /// Until the database answers and the bus has bound its queues: an event published before a consumer's queue
    /// exists would have nowhere to go.
    /// </summary>
    private async Task WaitUntilReadyAsync()
    {
        var health = new Health.HealthClient(Channel);
        await Eventually.Until(async () =>
            {
                try
                {
                    var reply = await health.CheckAsync(new HealthCheckRequest { Service = "ready" });
                    return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving;
                }
                catch (Grpc.Core.RpcException)
                {
                    return false;
                }
            }, ready => ready, TimeSpan.FromSeconds(60), $"{Url} to be ready");
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        // Npgsql's pools outlive the app: close its idle connections now, or a run of many scopes (each with databases
        // of its own) exhausts PostgreSQL's connections with the idle ones of apps long gone.
        foreach (var database in _databases)
        {
            // The pool is keyed by the string the app connected with, pool defaults added.
            using var connection = new Npgsql.NpgsqlConnection(
                ServiceHall.ServiceDefaults.Data.DatabaseExtensions.WithPoolDefaults(database));
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
    }
}
