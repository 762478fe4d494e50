using Microsoft.Extensions.Time.Testing;
using Npgsql;
using ServiceHall.Testing;
using StackExchange.Redis;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Each service on its own least-privilege users (deploy/scripts/infra.sh ... users): outside Development a host refuses
/// the servers' default credentials; on PostgreSQL a service's user is no superuser and cannot enter another service's
/// database; on RabbitMQ it may publish only the events it owns (the broker refuses the rest) and guest is gone; on
/// Redis it reaches only its own keys, and Redis is not open.
/// </summary>
public sealed class ServerUserTests(InfrastructureFixture infra)
{
    [Theory]
    [InlineData("postgres", "no password")]
    [InlineData("rabbitmq-guest", "'guest'")]
    [InlineData("rabbitmq-nobody", "'guest'")]
    [InlineData("rabbitmq-nopassword", "has no password")]
    [InlineData("redis", "open Redis")]
    public async Task A_host_outside_development_refuses_the_servers_default_credentials(string server, string reason)
    {
        var servers = await infra.ScopeAsync("defaults");
        var time = new FakeTimeProvider(HallFixture.Now.ToUniversalTime());
        var (setting, value) = server switch
        {
            "postgres" => ("ConnectionStrings:discipline-db", $"Host=127.0.0.1;Port={infra.Postgres.Port};Username=postgres;Database=x"),
            "rabbitmq-guest" => ("ConnectionStrings:rabbitmq", $"amqp://guest:guest@127.0.0.1:{infra.RabbitMq.Port}/"),
            "rabbitmq-nobody" => ("ConnectionStrings:rabbitmq", $"amqp://127.0.0.1:{infra.RabbitMq.Port}/"),
            "rabbitmq-nopassword" => ("ConnectionStrings:rabbitmq", $"amqp://servicehall-discipline@127.0.0.1:{infra.RabbitMq.Port}/"),
            _ => ("ConnectionStrings:redis", $"127.0.0.1:{infra.Redis.Port}"),
        };

        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() =>
            ServiceApp.StartDisciplineAsync(servers, time, settings: new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(reason, refused.Message);
        Assert.Contains("Refusing to start", refused.Message);
    }

    [Fact]
    public async Task Each_service_reaches_only_its_own_database_keys_and_events()
    {
        var servers = await infra.ScopeAsync("users");
        await infra.RabbitMq.RunScriptAsync("users", servers.VirtualHost);
        var time = new FakeTimeProvider(HallFixture.Now.ToUniversalTime());
        // Attendance and discipline on their own RabbitMQ users too (the other tests' services use the administrator there).
        await using var attendance = await ServiceApp.StartAttendanceAsync(servers, time, settings: new Dictionary<string, string?>
            { ["ConnectionStrings:rabbitmq"] = infra.RabbitMq.ServiceConnectionString("attendance", servers.VirtualHost) });
        await using var discipline = await ServiceApp.StartDisciplineAsync(servers, time, settings: new Dictionary<string, string?>
            { ["ConnectionStrings:rabbitmq"] = infra.RabbitMq.ServiceConnectionString("discipline", servers.VirtualHost) });

        // Attendance's events reach discipline through the broker under those users: a unit it registers.
        var unit = $"u-users-{Guid.NewGuid().ToString("N")[..6]}";
        await new ServiceHall.Attendance.V1.AttendanceService.AttendanceServiceClient(attendance.Channel).CreateUnitAsync(
            new ServiceHall.Attendance.V1.CreateUnitRequest { UnitId = unit, Name = unit },
            TestAuth.Bearer("office-users", ServiceHall.ServiceDefaults.Auth.Roles.Office));
        await Eventually.Until(() => Sql.CountAsync(servers.ConnectionStringOf("discipline"),
            """SELECT count(*) FROM inbox_messages WHERE "EventType" = 'attendance.UnitRegistered'"""), n => n >= 1,
            TimeSpan.FromSeconds(30), "discipline to hear of the unit");

        // PostgreSQL: no superuser, and another service's database is closed to it.
        Assert.Equal("false", await Sql.TextAsync(infra.Postgres.ConnectionString(),
            "SELECT rolsuper::text FROM pg_roles WHERE rolname = 'servicehall_attendance'"));
        var intoDiscipline = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var connection = new NpgsqlConnection(infra.Postgres.ServiceConnectionString("attendance", servers.DatabaseOf("discipline")));
            await connection.OpenAsync(TestContext.Current.CancellationToken);
        });
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, intoDiscipline.SqlState);
        var noPassword = await Assert.ThrowsAnyAsync<NpgsqlException>(async () =>
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={infra.Postgres.Port};Username=postgres;Database=postgres");
            await connection.OpenAsync(TestContext.Current.CancellationToken);
        });
        Assert.Contains("requires one", noPassword.Message); // "No password has been provided but the backend requires one"

        // RabbitMQ: attendance's user may not publish a cases event; guest is gone.
        var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri(infra.RabbitMq.ServiceConnectionString("attendance", servers.VirtualHost)) };
        await using (var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken))
        {
            await using var channel = await connection.CreateChannelAsync(
                new RabbitMQ.Client.CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
                TestContext.Current.CancellationToken);
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => channel.BasicPublishAsync(
                "ServiceHall.Contracts.Cases:CaseOverdue", "", true, new RabbitMQ.Client.BasicProperties(), "{}"u8.ToArray(),
                TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
            Assert.Contains("ACCESS_REFUSED", refused.ToString());
        }
        var guest = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var factory = new RabbitMQ.Client.ConnectionFactory { Uri = new Uri($"amqp://guest:guest@127.0.0.1:{infra.RabbitMq.Port}/") };
            await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        });
        Assert.Contains("ACCESS_REFUSED", guest.ToString());

        // Redis: its own keys only; the default user needs a password.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(infra.Redis.ServiceConnectionString("attendance"));
        var own = await redis.GetDatabase().StringSetAsync($"{servers.RedisPrefix}:attendance:probe", "1");
        var others = await Assert.ThrowsAsync<RedisServerException>(() => redis.GetDatabase().StringGetAsync($"{servers.RedisPrefix}:cases:probe"));
        var anonymous = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var open = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{infra.Redis.Port},abortConnect=true,connectTimeout=3000");
            await open.GetDatabase().StringGetAsync($"{servers.RedisPrefix}:attendance:probe");
        });
        Assert.True(own);
        Assert.Contains("NOPERM", others.Message);
        Assert.Matches("NOAUTH|AuthenticationFailure", anonymous.ToString());
    }

    [Fact]
    public async Task A_services_own_postgres_role_writes_rows_but_cannot_change_the_schema_nor_update_delete_or_truncate_the_audit_trail()
    {
        // Every service under test creates its schema as servicehall_<svc>_owner and runs as servicehall_<svc>.
        var servers = await infra.ScopeAsync("owner");
        var time = new FakeTimeProvider(HallFixture.Now.ToUniversalTime());
        await using var attendance = await ServiceApp.StartAttendanceAsync(servers, time);
        var unit = $"u-own-{Guid.NewGuid().ToString("N")[..6]}";
        await new ServiceHall.Attendance.V1.AttendanceService.AttendanceServiceClient(attendance.Channel).CreateUnitAsync(
            new ServiceHall.Attendance.V1.CreateUnitRequest { UnitId = unit, Name = unit },
            TestAuth.Bearer("office-owner", ServiceHall.ServiceDefaults.Auth.Roles.Office));
        var admin = servers.ConnectionStringOf("attendance");
        var runtime = infra.Postgres.ServiceConnectionString("attendance", servers.DatabaseOf("attendance"));

        async Task<string> TryAsync(string sql)
        {
            try
            {
                await Sql.ExecuteAsync(runtime, sql);
                return "done";
            }
            catch (PostgresException e)
            {
                return e.SqlState;
            }
        }

        var records = await Sql.CountAsync(runtime, """SELECT count(*) FROM audit_records WHERE "ObjectIds" LIKE $1""", $"%{unit}%");
        var attempts = new Dictionary<string, string>
        {
            ["update audit"] = await TryAsync("""UPDATE audit_records SET "Subject" = 'someone-else'"""),
            ["delete audit"] = await TryAsync("DELETE FROM audit_records"),
            ["truncate audit"] = await TryAsync("TRUNCATE audit_records"),
            ["delete archives"] = await TryAsync("DELETE FROM audit_archives"),
            ["create table"] = await TryAsync("CREATE TABLE shadow (a int)"),
            ["alter table"] = await TryAsync("""ALTER TABLE units ADD COLUMN "Shadow" int"""),
            ["drop table"] = await TryAsync("DROP TABLE units"),
            ["truncate rows"] = await TryAsync("TRUNCATE units"),
            ["write rows"] = await TryAsync($"UPDATE units SET \"Name\" = \"Name\" WHERE \"UnitId\" = '{unit}'"),
        };

        Assert.InRange(records, 1, 2); // the tests' channels send each change twice (one request id)
        Assert.Equal(new Dictionary<string, string>
        {
            ["update audit"] = PostgresErrorCodes.InsufficientPrivilege, ["delete audit"] = PostgresErrorCodes.InsufficientPrivilege,
            ["truncate audit"] = PostgresErrorCodes.InsufficientPrivilege, ["delete archives"] = PostgresErrorCodes.InsufficientPrivilege,
            ["create table"] = PostgresErrorCodes.InsufficientPrivilege, ["alter table"] = PostgresErrorCodes.InsufficientPrivilege,
            ["drop table"] = PostgresErrorCodes.InsufficientPrivilege, ["truncate rows"] = PostgresErrorCodes.InsufficientPrivilege,
            ["write rows"] = "done",
        }, attempts);
        Assert.Equal("servicehall_attendance_owner", await Sql.TextAsync(admin,
            "SELECT tableowner FROM pg_tables WHERE tablename = 'audit_records'"));
        Assert.Equal("false", await Sql.TextAsync(admin, "SELECT rolcreatedb::text FROM pg_roles WHERE rolname = 'servicehall_attendance'"));
    }
}
