using Microsoft.Extensions.Time.Testing;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// A database created by an older build gets the tables, the nullable columns and the flags (false for old rows) a newer
/// build added when the service starts, and keeps its rows.
/// </summary>
public sealed class SchemaUpgradeTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_missing_table_its_index_and_missing_nullable_columns_are_added_at_start_up_and_rows_are_kept()
    {
        // A scope of its own: on a shared virtual host, these short-lived instances would compete for other tests'
        // events and write them to this database.
        var servers = await infra.ScopeAsync("upgrade");
        var db = servers.ConnectionStringOf("discipline");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using (await ServiceApp.StartDisciplineAsync(servers, time))
        {
        }
        // What an older build's database looks like: no staff_files, no withdrawal columns on the violations; and one row
        // that must survive the upgrade.
        await Sql.ExecuteAsync(db, "DROP TABLE staff_files");
        await Sql.ExecuteAsync(db, """ALTER TABLE attendance_violations DROP COLUMN "WithdrawnAt", DROP COLUMN "WithdrawnReason" """);
        await Sql.ExecuteAsync(db, """ALTER TABLE directory_entries DROP COLUMN "Disabled" """);
        await Sql.ExecuteAsync(db, """
            INSERT INTO directory_entries ("Kind", "Id", "Name", "UnitId", "Roles", "AsOf") VALUES (2, 's-old', '老员工', 'u1', '[]', now())
            """);
        await Sql.ExecuteAsync(db, """
            INSERT INTO attendance_violations ("EventId", "StaffId", "Kind", "WorkDate", "WeekStart", "OccurredAt", "Minutes", "RecordedAt")
            VALUES (gen_random_uuid(), 's-old', 1, '2026-11-23', '2026-11-23', now(), 5, now())
            """);

        await using (await ServiceApp.StartDisciplineAsync(servers, time))
        {
        }

        Assert.Equal(1, await Sql.CountAsync(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'staff_files'"));
        Assert.Equal(1, await Sql.CountAsync(db, """SELECT count(*) FROM attendance_violations WHERE "StaffId" = 's-old' AND "WithdrawnAt" IS NULL"""));
        // A flag added later (issue 15: a disabled staff member) is false for the rows before it.
        Assert.Equal(1, await Sql.CountAsync(db, """SELECT count(*) FROM directory_entries WHERE "Id" = 's-old' AND NOT "Disabled" """));
        Assert.Equal(2, await Sql.CountAsync(db,
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'attendance_violations' AND column_name IN ('WithdrawnAt', 'WithdrawnReason')"));
        Assert.Equal(1, await Sql.CountAsync(db, "SELECT count(*) FROM pg_indexes WHERE tablename = 'sanctions' AND indexdef LIKE '%UNIQUE%DedupKey%'"));
    }
}
