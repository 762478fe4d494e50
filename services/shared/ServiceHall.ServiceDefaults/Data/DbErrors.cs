using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ServiceHall.ServiceDefaults.Data;

/// <summary>Recognises database errors that mean "someone else wrote it first".</summary>
public static class DbErrors
{
    private const int SqliteConstraint = 19;

    /// <summary>A unique or primary key violation (PostgreSQL 23505, SQLite constraint).</summary>
    public static bool IsUniqueViolation(this DbUpdateException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception.InnerException switch
        {
            PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
            SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint,
            _ => false,
        };
    }
}
