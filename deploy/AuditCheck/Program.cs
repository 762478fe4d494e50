using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using ServiceHall.ServiceDefaults.Audit;

// Verifies an audit chain without the service running (an auditor's own check, from a copy or a replica):
//   dotnet run --project deploy/AuditCheck -- --postgres "Host=...;Database=servicehall_attendance;Username=auditor"
//   dotnet run --project deploy/AuditCheck -- --sqlite deploy/Standalone/data/attendance.db
//   dotnet run --project deploy/AuditCheck -- --archive /var/lib/servicehall/audit/attendance-audit-000000000001-000000001234.jsonl
// Prints the records read, the head (sequence and hash) or the first broken link; exits 0 when intact, 2 when broken,
// 1 on bad arguments. A database whose chain begins in archives is walked from the last archive's head; an archive file
// is walked from the previous hash its mark names, and its head must be the mark's.
return await ServiceHall.AuditCheck.AuditCheckCommand.RunAsync(args, Console.Out);

namespace ServiceHall.AuditCheck
{
    public static class AuditCheckCommand
    {
        public static async Task<int> RunAsync(string[] args, TextWriter output)
        {
            ArgumentNullException.ThrowIfNull(args);
            ArgumentNullException.ThrowIfNull(output);
            if (args is not [("--postgres" or "--sqlite" or "--archive") and var kind, var target])
            {
                await output.WriteLineAsync("usage: AuditCheck --postgres <connection string> | --sqlite <file> | --archive <file>");
                return 1;
            }
            if (kind == "--archive")
                return await CheckArchiveAsync(target, output);

            await using DbConnection connection = kind == "--postgres"
                ? new NpgsqlConnection(target)
                : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Mode = SqliteOpenMode.ReadOnly }.ToString());
            await connection.OpenAsync();
            var after = await LastArchiveAsync(connection);
            var result = await AuditChain.VerifyAsync(ReadAsync(connection, kind == "--sqlite"), CancellationToken.None, after);
            if (result.Intact)
            {
                await output.WriteLineAsync($"intact: {result.Records} records; head {result.HeadSequence} {result.HeadHash}");
                return 0;
            }
            await output.WriteLineAsync($"BROKEN at sequence {result.FirstBrokenSequence}: {result.Problem} ({result.Records} records read)");
            return 2;
        }

        /// <summary>Walks an archive file from the previous hash its mark (the last line) names; its head must be the mark's.</summary>
        private static async Task<int> CheckArchiveAsync(string path, TextWriter output)
        {
            var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
            var lines = await File.ReadAllLinesAsync(path);
            using var markDocument = lines.Length > 0 ? System.Text.Json.JsonDocument.Parse(lines[^1]) : null;
            if (markDocument is null || !markDocument.RootElement.TryGetProperty("archive", out var mark))
            {
                await output.WriteLineAsync("BROKEN: the file does not end with its archive mark");
                return 2;
            }
            var records = lines[..^1].Select(l => System.Text.Json.JsonSerializer.Deserialize<AuditRecord>(l, json)!).ToList();
            var first = mark.GetProperty("first").GetInt64();
            var result = AuditChain.Verify(records, (first - 1, mark.GetProperty("previousHash").GetString()!));
            if (!result.Intact)
            {
                await output.WriteLineAsync($"BROKEN at sequence {result.FirstBrokenSequence}: {result.Problem} ({result.Records} records read)");
                return 2;
            }
            if (result.HeadSequence != mark.GetProperty("last").GetInt64() || result.HeadHash != mark.GetProperty("headHash").GetString())
            {
                await output.WriteLineAsync($"BROKEN: the records end at {result.HeadSequence} {result.HeadHash}, not at the mark's head");
                return 2;
            }
            await output.WriteLineAsync($"intact: {result.Records} records; head {result.HeadSequence} {result.HeadHash}");
            return 0;
        }

        /// <summary>The last archived sequence and its hash, where the table's chain goes on from; null before any archive.</summary>
        private static async Task<(long, string)?> LastArchiveAsync(DbConnection connection)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = """SELECT "ArchivedThrough", "HeadHash" FROM audit_archives ORDER BY "ArchivedThrough" DESC LIMIT 1""";
            try
            {
                await using var reader = await command.ExecuteReaderAsync();
                return await reader.ReadAsync() ? (reader.GetInt64(0), reader.GetString(1)) : null;
            }
            catch (DbException)
            {
                return null; // a database from before archives
            }
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
