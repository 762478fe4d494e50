using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using ServiceHall.Testing;

namespace ServiceHall.Benchmarks;

/// <summary>
/// The limit a write is measured against: pgbench (shipped with PostgreSQL) committing one-row inserts into a table
/// shaped like attendance's <c>punches</c>, 16 clients, on the same server the services use.
/// </summary>
public static partial class PgBench
{
    public static async Task<double> InsertRateAsync(InfraServer postgres, TimeSpan duration)
    {
        await using (var admin = new NpgsqlConnection(postgres.ConnectionString()))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand("""
                DROP DATABASE IF EXISTS pgbench_limit;
                """, admin);
            await create.ExecuteNonQueryAsync();
            await using var database = new NpgsqlCommand("CREATE DATABASE pgbench_limit", admin);
            await database.ExecuteNonQueryAsync();
        }
        await using (var db = new NpgsqlConnection(postgres.ConnectionString("pgbench_limit")))
        {
            await db.OpenAsync();
            await using var table = new NpgsqlCommand("""
                CREATE TABLE punches (
                    "PunchId" text PRIMARY KEY, "StaffId" text NOT NULL, "Kind" integer NOT NULL,
                    "PunchedAt" timestamp with time zone NOT NULL, "ReceivedAt" timestamp with time zone NOT NULL,
                    "DeviceId" text NOT NULL, "RecordId" uuid NOT NULL, "Flagged" boolean NOT NULL, "Minutes" integer NOT NULL);
                CREATE INDEX ix_punches_staff ON punches ("StaffId", "PunchedAt");
                """, db);
            await table.ExecuteNonQueryAsync();
        }
        var script = Path.Combine(Path.GetTempPath(), $"servicehall-pgbench-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(script, """
            INSERT INTO punches VALUES (gen_random_uuid()::text, 'staff-' || (random() * 1000)::int, 1, now(), now(), 'reader', gen_random_uuid(), false, 0);
            """);
        try
        {
            var psi = new ProcessStartInfo("pgbench")
            {
                ArgumentList =
                {
                    "-h", "127.0.0.1", "-p", postgres.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres",
                    "-n", "-c", "16", "-j", "2", "-T", ((int)Math.Max(1, duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
                    "-f", script, "pgbench_limit",
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            psi.Environment["PGPASSWORD"] = InfraServer.AdminPassword;
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("pgbench did not start");
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var match = Tps().Match(output);
            return process.ExitCode == 0 && match.Success
                ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
                : throw new InvalidOperationException($"pgbench failed ({process.ExitCode}): {errors}{output}");
        }
        finally
        {
            File.Delete(script);
        }
    }

    [GeneratedRegex(@"tps = ([0-9.]+) \(without initial connection time\)")]
    private static partial Regex Tps();
}
