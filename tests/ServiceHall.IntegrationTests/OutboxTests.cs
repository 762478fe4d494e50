using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// The outbox keeps every event while RabbitMQ is down and delivers it when the broker is back; two instances of a
/// service share the relay work without publishing a row twice. A RabbitMQ and databases of this test's own.
/// </summary>
public sealed class OutboxTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);
    private static readonly Metadata DisciplineOffice = TestAuth.Bearer("d-1", Roles.DisciplineOffice);
    private readonly FakeTimeProvider _time = new(HallFixture.Now.ToUniversalTime());
    private InfraServer _rabbit = null!;
    private InfrastructureFixture _infra = null!;
    private ServiceApp _attendance = null!;
    private ServiceApp _secondAttendance = null!;
    private ServiceApp _discipline = null!;

    public async ValueTask InitializeAsync()
    {
        _rabbit = await InfraServer.StartAsync("rabbitmq");
        _infra = infra.WithRabbitMq(_rabbit);
        _attendance = await ServiceApp.StartAttendanceAsync(_infra, _time, settings: HallFixture.DayCheckSettings);
        _secondAttendance = await ServiceApp.StartAttendanceAsync(_infra, _time, settings: HallFixture.DayCheckSettings);
        _discipline = await ServiceApp.StartDisciplineAsync(_infra, _time);
    }

    public async ValueTask DisposeAsync()
    {
        await _attendance.DisposeAsync();
        await _secondAttendance.DisposeAsync();
        await _discipline.DisposeAsync();
        await _rabbit.DisposeAsync();
    }

    private string AttendanceDb => _infra.ConnectionStringOf("attendance");

    private static async Task<string> NewStaffAsync(AttendanceService.AttendanceServiceClient client)
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        await client.CreateWindowAsync(new CreateWindowRequest { WindowId = $"w-{suffix}", UnitId = "u", Name = "窗口" }, Office);
        await client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = $"s-{suffix}", DisplayName = "x", UnitId = "u", WindowId = $"w-{suffix}" }, Office);
        return $"s-{suffix}";
    }

    private static Task<ClockInResponse> LateAsync(AttendanceService.AttendanceServiceClient client, string staffId, int day) =>
        client.ClockInAsync(new ClockInRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = staffId, DeviceId = "r",
            PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(day, 9, 45)),
        }, BadgeReader).ResponseAsync;

    private Task<long> LatesAsync(params string[] staff) => Sql.CountAsync(AttendanceDb,
        """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'attendance.StaffLate' AND "Payload" LIKE ANY($1)""",
        [staff.Select(s => $"%\"{s}\"%").ToArray()]);

    private Task<long> PendingAsync(string staffId) => Sql.CountAsync(AttendanceDb,
        """SELECT count(*) FROM outbox_messages WHERE "SentAt" IS NULL AND "Payload" LIKE $1""", $"%\"{staffId}\"%");

    [Fact]
    public async Task Events_written_while_rabbitmq_is_down_are_delivered_when_it_is_back()
    {
        var client = new AttendanceService.AttendanceServiceClient(_attendance.Channel);
        var staffId = await NewStaffAsync(client);

        await _rabbit.StopAsync();
        // Monday (a closed day): late in the morning and back from lunch late.
        var first = await LateAsync(client, staffId, 23);
        await client.ClockOutAsync(new ClockOutRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = staffId, DeviceId = "r",
            PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(23, 12, 0)),
        }, BadgeReader);
        var second = await client.ClockInAsync(new ClockInRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = staffId, DeviceId = "r",
            PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(23, 13, 45)),
        }, BadgeReader);
        await Eventually.Until(() => LatesAsync(staffId), n => n == 2, TimeSpan.FromSeconds(30),
            "both lates final (the day check runs while the broker is down)");
        var failedAttempts = await Eventually.Until(() => Sql.CountAsync(AttendanceDb,
                """SELECT count(*) FROM outbox_messages WHERE "SentAt" IS NULL AND "Attempts" > 0 AND "LastError" IS NOT NULL AND "Payload" LIKE $1""",
                $"%\"{staffId}\"%"),
            n => n > 0, TimeSpan.FromSeconds(60), "a failed publish attempt while the broker is down");
        var pendingWhileDown = await PendingAsync(staffId);
        await _rabbit.StartAsync();

        var discipline = new DisciplineService.DisciplineServiceClient(_discipline.Channel);
        await Eventually.Until(() => PendingAsync(staffId), n => n == 0, TimeSpan.FromSeconds(90),
            "the outbox to drain once the broker is back");
        var sanctions = await Eventually.Until(
            async () => (await discipline.ListSanctionsAsync(new ListSanctionsRequest { StaffId = staffId }, DisciplineOffice)).Sanctions,
            s => s.Count == 1, TimeSpan.FromSeconds(120), "the criticism once the broker is back");
        Assert.True(first.Late && second.Late);
        Assert.True(failedAttempts > 0);
        Assert.True(pendingWhileDown >= 4, $"clock-ins and lates should wait in the outbox, found {pendingWhileDown}");
        Assert.Equal(SanctionKind.CirculatedCriticism, Assert.Single(sanctions).Kind);
        Assert.Equal(0, await Eventually.Until(() => PendingAsync(staffId), n => n == 0, TimeSpan.FromSeconds(60), "an empty outbox"));
    }

    [Fact]
    public async Task Two_instances_relay_the_same_outbox_without_publishing_a_row_twice()
    {
        var clients = new[] { _attendance, _secondAttendance }
            .Select(a => new AttendanceService.AttendanceServiceClient(a.Channel)).ToArray();
        var staff = new List<string>();
        for (var i = 0; i < 10; i++)
            staff.Add(await NewStaffAsync(clients[i % 2]));

        await Task.WhenAll(staff.Select((s, i) => LateAsync(clients[i % 2], s, 23)));
        await Eventually.Until(() => LatesAsync([.. staff]), n => n == 10, TimeSpan.FromSeconds(30),
            "every late morning final (Monday is closed)");

        var pattern = staff.Select(s => $"%\"{s}\"%").ToArray();
        await Eventually.Until(() => Sql.CountAsync(AttendanceDb,
                """SELECT count(*) FROM outbox_messages WHERE "SentAt" IS NULL AND "Payload" LIKE ANY($1)""", [pattern]),
            n => n == 0, TimeSpan.FromSeconds(60), "every row to be sent");
        Assert.Equal(0, await Sql.CountAsync(AttendanceDb,
            """SELECT count(*) FROM outbox_messages WHERE "Attempts" <> 1 AND "Payload" LIKE ANY($1)""", [pattern]));
        Assert.Equal(20, await Sql.CountAsync(AttendanceDb,
            """SELECT count(*) FROM outbox_messages WHERE "EventType" IN ('attendance.StaffClockedIn', 'attendance.StaffLate') AND "Payload" LIKE ANY($1)""",
            [pattern]));
    }
}
