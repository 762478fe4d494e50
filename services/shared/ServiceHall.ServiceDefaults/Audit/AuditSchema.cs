using Microsoft.EntityFrameworkCore;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.ServiceDefaults.Audit;

/// <summary>
/// The audit table is append-only in the database itself: triggers refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE)
/// whoever asks — the service, a script, an administrator in a hurry. Only a superuser who disables the triggers can
/// change a record, and then the chain (<see cref="AuditChain"/>) shows where.
/// </summary>
public static class AuditSchema
{
    public const string Table = "audit_records";

    /// <summary>The message the database answers an UPDATE or DELETE with.</summary>
    public const string Refusal = "audit_records is append-only";

    public static async Task InstallAsync(ServiceDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync($"""
                CREATE TRIGGER IF NOT EXISTS audit_records_no_update BEFORE UPDATE ON {Table}
                BEGIN SELECT RAISE(ABORT, '{Refusal}'); END;
                """, cancellationToken);
            await db.Database.ExecuteSqlRawAsync($"""
                CREATE TRIGGER IF NOT EXISTS audit_records_no_delete BEFORE DELETE ON {Table}
                BEGIN SELECT RAISE(ABORT, '{Refusal}'); END;
                """, cancellationToken);
            return;
        }

        await db.Database.ExecuteSqlRawAsync($"""
            CREATE OR REPLACE FUNCTION servicehall_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{Refusal}' USING ERRCODE = 'insufficient_privilege'; END $$;
            """, cancellationToken);
        // One statement each, and only when missing: two instances starting at once must not fight over the DDL.
#pragma warning disable EF1002 // names and clauses are the constants above, not input
        foreach (var (name, when, level) in new[]
                 {
                     ("audit_records_no_change", "BEFORE UPDATE OR DELETE", "ROW"),
                     ("audit_records_no_truncate", "BEFORE TRUNCATE", "STATEMENT"),
                 })
        {
            await db.Database.ExecuteSqlRawAsync($"""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '{name}' AND tgrelid = '{Table}'::regclass) THEN
                    CREATE TRIGGER {name} {when} ON {Table} FOR EACH {level} EXECUTE FUNCTION servicehall_audit_append_only();
                  END IF;
                END $$;
                """, cancellationToken);
        }
#pragma warning restore EF1002
    }
}
