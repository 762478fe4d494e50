using Npgsql;

namespace ServiceHall.Testing;

/// <summary>Direct reads and writes of a service's PostgreSQL tables, to check rows and force redeliveries.</summary>
public static class Sql
{
    public static async Task<long> CountAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = Connect(connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The first column of the first row as text, or null.</summary>
    public static async Task<string?> TextAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = Connect(connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return (await command.ExecuteScalarAsync())?.ToString();
    }

    public static async Task<int> ExecuteAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = Connect(connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Unpooled: a test's few statements do not need a pool, and a pooled connection that a PostgreSQL restart (a
    /// fault test) broke would fail the next statement.
    /// </summary>
    private static NpgsqlConnection Connect(string connectionString) =>
        new(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] parameters)
    {
#pragma warning disable CA2100 // test SQL is written by the tests; values go in as parameters
        var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        foreach (var parameter in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        return command;
    }
}
