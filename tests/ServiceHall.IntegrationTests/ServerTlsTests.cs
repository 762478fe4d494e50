using Microsoft.Extensions.Time.Testing;
using ServiceHall.ServiceDefaults;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// TLS to the database (issue 15): PostgreSQL serving TLS with the hall's certificate (infra.sh
/// <c>SERVICEHALL_PG_TLS_CERT/_KEY</c>), a service whose connection strings ask for <c>SSL Mode=VerifyFull</c> with the
/// hall's CA creates its schema and works over encrypted, verified connections; trusting another CA, nothing connects.
/// </summary>
public sealed class ServerTlsTests(InfrastructureFixture infra)
{
    [Fact]
    public async Task A_service_talks_to_postgresql_over_verified_tls_and_refuses_a_server_it_cannot_verify()
    {
        using var certificates = TestCertificates.Create("pgtls");
        using var stranger = TestCertificates.Create("stranger");
        await using var postgres = await InfraServer.StartAsync("postgres", new Dictionary<string, string>
        {
            ["SERVICEHALL_PG_TLS_CERT"] = certificates.ServerCertificatePath,
            ["SERVICEHALL_PG_TLS_KEY"] = certificates.ServerKeyPath,
        });
        var servers = await infra.ScopeAsync("pgtls");
        var time = new FakeTimeProvider(HallFixture.Now.ToUniversalTime());
        Dictionary<string, string?> Over(TestCertificates trusted)
        {
            var tls = $";SSL Mode=VerifyFull;Root Certificate={trusted.CaPath}";
            return new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{InfrastructureNames.DatabaseOf("attendance")}"] =
                    postgres.ServiceConnectionString("attendance", "servicehall_attendance") + tls,
                [$"ConnectionStrings:{InfrastructureNames.DatabaseOwnerOf("attendance")}"] =
                    postgres.OwnerConnectionString("attendance", "servicehall_attendance") + tls,
            };
        }

        await using (var attendance = await ServiceApp.StartAttendanceAsync(servers, time, settings: Over(certificates)))
        {
            var unit = $"u-tls-{Guid.NewGuid().ToString("N")[..6]}";
            var created = await new ServiceHall.Attendance.V1.AttendanceService.AttendanceServiceClient(attendance.Channel).CreateUnitAsync(
                new ServiceHall.Attendance.V1.CreateUnitRequest { UnitId = unit, Name = unit },
                TestAuth.Bearer("office-tls", ServiceHall.ServiceDefaults.Auth.Roles.Office));
            // The service's pooled connections are there, every one of them encrypted.
            var (encrypted, plain) = (
                await Sql.CountAsync(postgres.ConnectionString(), """
                    SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
                    WHERE a.usename = 'servicehall_attendance' AND s.ssl
                    """),
                await Sql.CountAsync(postgres.ConnectionString(), """
                    SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
                    WHERE a.usename = 'servicehall_attendance' AND NOT s.ssl
                    """));

            Assert.Equal(unit, created.UnitId);
            Assert.True(encrypted >= 1, $"{encrypted} encrypted connections");
            Assert.Equal(0, plain);
        }

        // The same connection string trusting another CA: the server cannot be verified, no connection.
        var refused = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var connection = new Npgsql.NpgsqlConnection(Over(stranger)[$"ConnectionStrings:{InfrastructureNames.DatabaseOf("attendance")}"]);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
        });
        Assert.Contains("certificate", refused.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
