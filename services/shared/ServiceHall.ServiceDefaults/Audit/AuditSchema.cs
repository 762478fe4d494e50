using Microsoft.EntityFrameworkCore;
using ServiceHall.ServiceDefaults.Data;

namespace ServiceHall.ServiceDefaults.Audit;

/// <summary>
/// The audit table is append-only in the database itself: triggers refuse UPDATE, DELETE (and on PostgreSQL TRUNCATE)
/// whoever asks — the service, a script, an administrator in a hurry — except the DELETE of records an archive mark
/// (<see cref="AuditArchive"/>, itself append-only) covers. Only a superuser who disables the triggers can change a
/// record, and then the chain (<see cref="AuditChain"/>) shows where.
/// </summary>
public static class AuditSchema
{
    public const string Table = "audit_records";

    public const string ArchiveTable = "audit_archives";

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
            // Earlier builds refused every DELETE; now a record an archive mark covers may go.
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER IF EXISTS audit_records_no_delete", cancellationToken);
            await db.Database.ExecuteSqlRawAsync($"""
                CREATE TRIGGER IF NOT EXISTS audit_records_no_delete_unarchived BEFORE DELETE ON {Table}
                WHEN OLD."Sequence" > (SELECT coalesce(max("ArchivedThrough"), 0) FROM {ArchiveTable})
                BEGIN SELECT RAISE(ABORT, '{Refusal}'); END;
                """, cancellationToken);
            await db.Database.ExecuteSqlRawAsync($"""
                CREATE TRIGGER IF NOT EXISTS audit_archives_no_update BEFORE UPDATE ON {ArchiveTable}
                BEGIN SELECT RAISE(ABORT, '{Refusal}'); END;
                """, cancellationToken);
            await db.Database.ExecuteSqlRawAsync($"""
                CREATE TRIGGER IF NOT EXISTS audit_archives_no_delete BEFORE DELETE ON {ArchiveTable}
                BEGIN SELECT RAISE(ABORT, '{Refusal}'); END;
                """, cancellationToken);
            return;
        }

        await db.Database.ExecuteSqlRawAsync($"""
            CREATE OR REPLACE FUNCTION servicehall_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'DELETE' AND TG_TABLE_NAME = '{Table}' THEN
                IF OLD."Sequence" <= (SELECT coalesce(max("ArchivedThrough"), 0) FROM {ArchiveTable}) THEN
                  RETURN OLD; -- archived: written to its file first
                END IF;
              END IF;
              RAISE EXCEPTION '{Refusal}' USING ERRCODE = 'insufficient_privilege';
            END $$;
            """, cancellationToken);
        // One statement each, and only when missing: two instances starting at once must not fight over the DDL.
#pragma warning disable EF1002 // names and clauses are the constants above, not input
        foreach (var (table, name, when, level) in new[]
                 {
                     (Table, "audit_records_no_change", "BEFORE UPDATE OR DELETE", "ROW"),
                     (Table, "audit_records_no_truncate", "BEFORE TRUNCATE", "STATEMENT"),
                     (ArchiveTable, "audit_archives_no_change", "BEFORE UPDATE OR DELETE", "ROW"),
                     (ArchiveTable, "audit_archives_no_truncate", "BEFORE TRUNCATE", "STATEMENT"),
                 })
        {
            await db.Database.ExecuteSqlRawAsync($"""
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = '{name}' AND tgrelid = '{table}'::regclass) THEN
                    CREATE TRIGGER {name} {when} ON {table} FOR EACH {level} EXECUTE FUNCTION servicehall_audit_append_only();
                  END IF;
                END $$;
                """, cancellationToken);
        }
#pragma warning restore EF1002
    }
}
