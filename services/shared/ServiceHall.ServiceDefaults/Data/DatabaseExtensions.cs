using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Messaging;

namespace ServiceHall.ServiceDefaults.Data;

/// <summary>
/// The connection string of the role that owns a service's schema, when the hall separates it from the role the service
/// runs as (least privilege): start-up (<see cref="DatabaseInitializer{TContext}"/>) and the audit archive job use it;
/// the service's own role may read and write rows, but not change the schema, nor update, delete or truncate the
/// audit trail. Null: the service's role owns its schema.
/// </summary>
public sealed record DatabaseOwner<TContext>(string? ConnectionString)
    where TContext : ServiceDbContext
{
    /// <summary>
    /// Points <paramref name="db"/> (not yet opened) at the owner, without a pool: the owner connects at start-up and
    /// once a day, and an idle pool of it in every instance would hold server slots for nothing.
    /// </summary>
    public bool ApplyTo(TContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (ConnectionString is null || !db.Database.IsNpgsql())
            return false;
        db.Database.SetConnectionString(new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        return true;
    }
}

public static class DatabaseExtensions
{
    /// <summary>
    /// What a service's pooled PostgreSQL connections use unless its connection string says otherwise: a connection
    /// handed back to the pool is not reset (<c>No Reset On Close</c>: the services keep no session state — their
    /// advisory locks are transaction-scoped — and the reset was a round trip per unit of work), and statements run
    /// often are prepared once per connection (<c>Max Auto Prepare</c>, <c>Auto Prepare Min Usages</c>) instead of being
    /// parsed and planned on every call.
    /// </summary>
    public static string WithPoolDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
            builder.NoResetOnClose = true;
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
            builder.MaxAutoPrepare = 100;
        if (!given.ContainsKey("Auto Prepare Min Usages") && !given.ContainsKey("AutoPrepareMinUsages"))
            builder.AutoPrepareMinUsages = 2;
        return builder.ConnectionString;
    }

    /// <summary>
    /// Registers a service's database: PostgreSQL from connection string <c>{service}-db</c> in distributed mode,
    /// a SQLite file <c>{DataFolder}/{service}.db</c> in standalone mode. The schema is created at start-up and the
    /// outbox relay of this database starts with the host. With <c>{service}-db-owner</c> as well, the schema is created
    /// and upgraded as that role and the service's own role gets only rows (<see cref="DatabaseOwner{TContext}"/>).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder,
        string service)
        where TContext : ServiceDbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var mode = builder.Configuration.GetServiceHallMode();
        var connectionName = InfrastructureNames.DatabaseOf(service);
        string connectionString;
        string? ownerConnectionString = null;
        if (mode == ServiceHallMode.Standalone)
        {
            // Relative to the host's content root, wherever it was started from.
            var folder = Path.GetFullPath(builder.Configuration[InfrastructureNames.Config.DataFolder] ?? "data",
                builder.Environment.ContentRootPath);
            Directory.CreateDirectory(folder);
            connectionString = $"Data Source={Path.Combine(folder, service + ".db")};Pooling=True";
        }
        else
        {
            connectionString = builder.Configuration.GetConnectionString(connectionName) is { Length: > 0 } cs
                ? cs
                : throw new InvalidOperationException(
                    $"ConnectionStrings:{connectionName} is not configured (a PostgreSQL connection string).");
            CredentialGuard.CheckPostgres(connectionName, connectionString, builder.Environment);
            connectionString = WithPoolDefaults(connectionString);
            ownerConnectionString = builder.Configuration.GetConnectionString(InfrastructureNames.DatabaseOwnerOf(service));
            if (ownerConnectionString is { Length: > 0 })
                CredentialGuard.CheckPostgres(InfrastructureNames.DatabaseOwnerOf(service), ownerConnectionString, builder.Environment);
        }
        builder.Services.AddSingleton(new DatabaseOwner<TContext>(ownerConnectionString is { Length: > 0 } ? ownerConnectionString : null));

        builder.Services.AddSingleton<OutboxSignal<TContext>>();
        builder.Services.TryAddSingleton<FaultPoints>();
        // Calls of this service's gRPC API (servicehall.<service>.v1) with a request id run in this database.
        builder.Services.AddSingleton(new Grpc.IdempotentService($"/servicehall.{service}.v1.", typeof(TContext)));
        builder.Services.AddDbContext<TContext>((sp, options) =>
        {
            if (mode == ServiceHallMode.Standalone)
                options.UseSqlite(connectionString);
            else
                // No EF retrying strategy: units of work use explicit transactions; the bus and callers retry.
                options.UseNpgsql(connectionString);
            options.AddInterceptors(new OutboxSignalInterceptor(sp.GetRequiredService<OutboxSignal<TContext>>()),
                new Auth.RegistryChangeInterceptor());
        }, optionsLifetime: ServiceLifetime.Singleton); // built once, not for every call's context
        builder.Services.AddHostedService<DatabaseInitializer<TContext>>();
        builder.Services.AddOptions<OutboxRelayOptions>()
            .Bind(builder.Configuration.GetSection(OutboxRelayOptions.Section))
            .ValidateOnStart();
        builder.Services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<OutboxRelayOptions>, OutboxRelayOptionsValidator>());
        builder.Services.AddSingleton<OutboxRelayHealth<TContext>>();
        builder.Services.AddHostedService<OutboxRelay<TContext>>();
        builder.Services.AddHostedService<ClientRequestRetentionJob<TContext>>();
        if (builder.Configuration[Audit.AuditArchiveJob<TContext>.FolderKey] is { Length: > 0 })
            builder.Services.AddHostedService<Audit.AuditArchiveJob<TContext>>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>($"{service}-db", tags: ["ready"])
            .AddCheck<OutboxRelayHealthCheck<TContext>>($"{service}-outbox", tags: ["live"]);
        return builder;
    }
}
