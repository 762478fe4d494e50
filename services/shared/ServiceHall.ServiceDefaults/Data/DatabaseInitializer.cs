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
    IServiceScopeFactory scopes, DatabaseOwner<TContext> owner, ILogger<DatabaseInitializer<TContext>> logger)
    : IHostedService
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
                var runtime = db.Database.GetConnectionString();
                var asOwner = owner.ApplyTo(db);
                var created = await db.Database.EnsureCreatedAsync(cancellationToken);
                // One connection for the rest (the owner's is not pooled: no new login per statement).
                await db.Database.OpenConnectionAsync(cancellationToken);
                try
                {
                    if (created)
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
                    if (asOwner)
                        await GrantRowsToRuntimeAsync(db, runtime, cancellationToken);
                }
                finally
                {
                    await db.Database.CloseConnectionAsync();
                }
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
    /// The schema's owner created it; the service's own role gets its rows and nothing more: it may connect, read and
    /// write every table's rows and use the sequences, but not create or alter tables, and never update, delete or
    /// truncate the audit trail (a role without the privilege, besides the triggers; the archive job deletes archived
    /// records as the owner). Run at every start, so tables a newer build added are granted too.
    /// </summary>
    private static async Task GrantRowsToRuntimeAsync(TContext db, string? runtimeConnectionString,
        CancellationToken cancellationToken)
    {
        var role = new Npgsql.NpgsqlConnectionStringBuilder(runtimeConnectionString).Username;
        var ownerRole = new Npgsql.NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).Username;
        if (string.IsNullOrEmpty(role) || string.Equals(role, ownerRole, StringComparison.Ordinal))
            return;
        static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var (runtime, database) = (Quote(role), Quote(db.Database.GetDbConnection().Database));
        string[] statements =
        [
            $"GRANT CONNECT ON DATABASE {database} TO {runtime}",
            $"GRANT USAGE ON SCHEMA public TO {runtime}",
            $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {runtime}",
            $"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {runtime}",
            $"REVOKE UPDATE, DELETE, TRUNCATE ON {Audit.AuditSchema.Table}, {Audit.AuditSchema.ArchiveTable} FROM {runtime}",
            $"REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {runtime}",
        ];
#pragma warning disable EF1002 // the names are the configured roles' and this database's, quoted
        foreach (var sql in statements)
            await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
#pragma warning restore EF1002
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
                // A flag a newer build added is false for the rows before it (e.g. registered_staff."Disabled").
                var flag = property.ClrType == typeof(bool);
                if (!property.IsColumnNullable(store) && !flag)
                {
                    LogColumnNeedsMigration(table, column);
                    continue;
                }
                var constraint = !flag ? "NULL" : sqlite ? "NOT NULL DEFAULT 0" : "NOT NULL DEFAULT FALSE";
                await db.Database.ExecuteSqlRawAsync(
                    $"ALTER TABLE \"{table}\" ADD COLUMN \"{column}\" {property.GetColumnType(store)} {constraint}", cancellationToken);
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
