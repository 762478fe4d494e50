using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using ServiceHall.ServiceDefaults.Audit;

// Verifies an audit chain without the service running (an auditor's own check, from a copy or a replica):
//   dotnet run --project deploy/AuditCheck -- --postgres "Host=...;Database=servicehall_attendance;Username=auditor"
//   dotnet run --project deploy/AuditCheck -- --sqlite deploy/Standalone/data/attendance.db
// Prints the records read, the head (sequence and hash) or the first broken link; exits 0 when intact, 2 when broken,
// 1 on bad arguments.
return await ServiceHall.AuditCheck.AuditCheckCommand.RunAsync(args, Console.Out);

namespace ServiceHall.AuditCheck
{
    public static class AuditCheckCommand
    {
        public static async Task<int> RunAsync(string[] args, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(args);
            ArgumentNullException.ThrowIfNull(output);
            if (args is not [("--postgres" or "--sqlite") and var kind, var target])
            {
                await output.WriteLineAsync("usage: AuditCheck --postgres <connection string> | --sqlite <file>");
                return 1;
            }

            await using DbConnection connection = kind == "--postgres"
                ? new NpgsqlConnection(target)
                : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadOnly }.ToString());
            await connection.OpenAsync();
            var result = await AuditChain.VerifyAsync(ReadAsync(connection, kind == "--sqlite"), CancellationToken.None);
            if (result.Intact)
            {
                await output.WriteLineAsync($"intact: {result.Records} records; head {result.HeadSequence} {result.HeadHash}");
                return 0;
            }
            await output.WriteLineAsync($"BROKEN at sequence {result.FirstBrokenSequence}: {result.Problem} ({result.Records} records read)");
            return 2;
        }

        private static async IAsyncEnumerable<AuditRecord> ReadAsync(DbConnection connection, bool sqlite)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT "Sequence", "RecordedAt", "HallTime", "Subject", "ClientId", "Roles", "Peer", "Service", "Method",
                       "ObjectIds", "Kind", "Outcome", "RequestId", "TraceId", "PreviousHash", "Hash"
                FROM audit_records ORDER BY "Sequence"
                """;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                yield return new AuditRecord
                {
                    Sequence = reader.GetInt64(0),
                    // SQLite keeps instants as UTC ticks / 1000 shifted 11 bits (ServiceDbContext's converter);
                    // PostgreSQL as timestamptz.
                    RecordedAt = sqlite
                        ? new DateTimeOffset((reader.GetInt64(1) >> 11) * 1000, TimeSpan.Zero)
                        : new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc)),
                    HallTime = reader.GetString(2), Subject = reader.GetString(3), ClientId = reader.GetString(4),
                    Roles = reader.GetString(5), Peer = reader.GetString(6), Service = reader.GetString(7),
                    Method = reader.GetString(8), ObjectIds = reader.GetString(9), Kind = reader.GetString(10),
                    Outcome = reader.GetString(11), RequestId = reader.GetString(12), TraceId = reader.GetString(13),
                    PreviousHash = reader.GetString(14), Hash = reader.GetString(15),
                };
            }
        }
    }
}
