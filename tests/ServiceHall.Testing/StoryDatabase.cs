using Microsoft.Data.Sqlite;

namespace ServiceHall.Testing;

/// <summary>
/// Direct access to the attendance database of a running suite, to count rows and to force the outbox to publish
/// a staff member's events again (a redelivery through the real bus). PostgreSQL or the standalone SQLite file.
/// </summary>
public interface IStoryDatabase
{
    Task<long> CountPunchesAsync(string staffId);

    /// <summary>Marks every sent outbox row of the staff member unsent; returns how many.</summary>
    Task<long> ReplayOutboxAsync(string staffId);

    /// <summary>Rows of the staff member published twice.</summary>
    Task<long> CountRepublishedAsync(string staffId);
}

public sealed class PostgresStoryDatabase(string attendanceConnectionString) : IStoryDatabase
{
    public Task<long> CountPunchesAsync(string staffId) => Sql.CountAsync(attendanceConnectionString,
        """SELECT count(*) FROM punches WHERE "StaffId" = $1""", staffId);

    public async Task<long> ReplayOutboxAsync(string staffId) => await Sql.ExecuteAsync(attendanceConnectionString,
        """UPDATE outbox_messages SET "SentAt" = NULL WHERE "SentAt" IS NOT NULL AND "Payload" LIKE $1""",
        $"%\"{staffId}\"%");

    public Task<long> CountRepublishedAsync(string staffId) => Sql.CountAsync(attendanceConnectionString,
        """SELECT count(*) FROM outbox_messages WHERE "SentAt" IS NOT NULL AND "Attempts" = 2 AND "Payload" LIKE $1""",
        $"%\"{staffId}\"%");
}

public sealed class SqliteStoryDatabase(string attendanceDbFile) : IStoryDatabase
{
    public Task<long> CountPunchesAsync(string staffId) =>
        ScalarAsync("SELECT count(*) FROM punches WHERE StaffId = $p", staffId);

    public Task<long> ReplayOutboxAsync(string staffId) => ExecuteAsync(
        "UPDATE outbox_messages SET SentAt = NULL WHERE SentAt IS NOT NULL AND Payload LIKE $p", $"%\"{staffId}\"%");

    public Task<long> CountRepublishedAsync(string staffId) => ScalarAsync(
        "SELECT count(*) FROM outbox_messages WHERE SentAt IS NOT NULL AND Attempts = 2 AND Payload LIKE $p",
        $"%\"{staffId}\"%");

    private async Task<long> ScalarAsync(string sql, string value)
    {
        await using var command = await CommandAsync(sql, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<long> ExecuteAsync(string sql, string value)
    {
        await using var command = await CommandAsync(sql, value);
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<SqliteCommand> CommandAsync(string sql, string value)
    {
        var connection = new SqliteConnection($"Data Source={attendanceDbFile};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
#pragma warning disable CA2100 // test SQL is written by the tests; values go in as parameters
        var command = new SqliteCommand(sql, connection);
#pragma warning restore CA2100
        command.Parameters.AddWithValue("$p", value);
        command.Disposed += (_, _) => connection.Dispose();
        return command;
    }
}
