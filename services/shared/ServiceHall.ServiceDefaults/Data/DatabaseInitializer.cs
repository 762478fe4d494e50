using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;

namespace ServiceHall.ServiceDefaults.Data;

/// <summary>
/// Creates the service's schema before the server takes requests. The database may still be starting (a restart, the
/// AppHost starting everything at once): it is retried for up to two minutes before the host gives up.
/// </summary>
public sealed partial class DatabaseInitializer<TContext>(
    IServiceScopeFactory scopes, ILogger<DatabaseInitializer<TContext>> logger) : IHostedService
    where TContext : ServiceDbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var quiet = SuppressInstrumentationScope.Begin(); // start-up DDL is no citizen's trace
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                if (await db.Database.EnsureCreatedAsync(cancellationToken))
                {
                    if (db.Database.IsNpgsql())
                        await CloseToOthersAsync(db, cancellationToken);
                }
                else
                {
                    await AddMissingTablesAsync(db, cancellationToken);
                    await AddMissingColumnsAsync(db, cancellationToken);
                    if (db.Database.IsSqlite())
                        await NormalizeInstantsAsync(db, cancellationToken);
                }
                await Audit.AuditSchema.InstallAsync(db, cancellationToken);
                LogReady(typeof(TContext).Name);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && started.Elapsed < TimeSpan.FromMinutes(2))
            {
                // Two instances creating the same schema at once, or the server not up yet: try again shortly.
                LogRetry(typeof(TContext).Name, attempt, ex.Message);
                // Pacing of a retry loop, not a domain rule: real time even when tests fake the clock.
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 5)), cancellationToken);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A database the service just created is its own: PostgreSQL lets every role connect to a new database (PUBLIC),
    /// so another service's user could read it; the owner takes that away.
    /// </summary>
    private static async Task CloseToOthersAsync(TContext db, CancellationToken cancellationToken)
    {
        var quoted = "\"" + db.Database.GetDbConnection().Database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var sql = "REVOKE ALL ON DATABASE " + quoted + " FROM PUBLIC";
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
    }

    /// <summary>
    /// An existing database gets the tables and indexes a newer build added (EnsureCreated only creates a database
    /// from nothing). Additive only: a new column in an existing table needs a migration.
    /// </summary>
    private static async Task AddMissingTablesAsync(TContext db, CancellationToken cancellationToken)
    {
        var script = db.Database.GenerateCreateScript()
            .Replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", StringComparison.Ordinal)
            .Replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", StringComparison.Ordinal)
            .Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal);
#pragma warning disable EF1002 // the script is EF's own DDL for this model, not user input
        await db.Database.ExecuteSqlRawAsync(script, cancellationToken);
#pragma warning restore EF1002
    }

    /// <summary>
    /// An existing table gets the nullable columns a newer build added to its entity (a column that must hold a value
    /// needs a migration, and is left to one: it is logged). Until the schemas are migrated properly this keeps an
    /// upgraded host reading its old rows.
    /// </summary>
    private async Task AddMissingColumnsAsync(TContext db, CancellationToken cancellationToken)
    {
        var sqlite = db.Database.IsSqlite();
        foreach (var entity in db.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table)
                continue;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
#pragma warning disable EF1002 // names come from this model, not from input
            var existing = (await db.Database.SqlQueryRaw<string>(sqlite
                        ? $"SELECT name AS \"Value\" FROM pragma_table_info('{table}')"
                        : $"SELECT column_name AS \"Value\" FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}'")
                    .ToListAsync(cancellationToken))
                .ToHashSet(StringComparer.Ordinal);
            foreach (var property in entity.GetProperties())
            {
                if (property.GetColumnName(store) is not { } column || existing.Contains(column))
                    continue;
                if (!property.IsColumnNullable(store))
                {
                    LogColumnNeedsMigration(table, column);
                    continue;
                }
                await db.Database.ExecuteSqlRawAsync(
                    $"ALTER TABLE \"{table}\" ADD COLUMN \"{column}\" {property.GetColumnType(store)} NULL", cancellationToken);
                LogColumnAdded(table, column);
            }
#pragma warning restore EF1002
        }
    }

    /// <summary>SQLite: instants an earlier build stored with their offset are rewritten in UTC (see SqliteInstantConverter).</summary>
    private static async Task NormalizeInstantsAsync(TContext db, CancellationToken cancellationToken)
    {
        foreach (var entity in db.Model.GetEntityTypes())
        {
            // The audit chain was always written as instants, and is append-only.
            if (entity.GetTableName() is not { } table || table == Audit.AuditSchema.Table)
                continue;
            foreach (var property in entity.GetProperties().Where(p =>
                         (Nullable.GetUnderlyingType(p.ClrType) ?? p.ClrType) == typeof(DateTimeOffset)))
            {
#pragma warning disable EF1002 // names come from this model, not from input
                await db.Database.ExecuteSqlRawAsync(SqliteInstant.NormalizeSql(table, property.GetColumnName()),
                    cancellationToken);
#pragma warning restore EF1002
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Added column {Table}.{Column} (a newer build's)")]
    private partial void LogColumnAdded(string table, string column);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Column {Table}.{Column} is missing and holds values: it needs a migration")]
    private partial void LogColumnNeedsMigration(string table, string column);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema of {Context} is ready")]
    private partial void LogReady(string context);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Database {Context} not ready (attempt {Attempt}): {Reason}")]
    private partial void LogRetry(string context, int attempt, string reason);
}
