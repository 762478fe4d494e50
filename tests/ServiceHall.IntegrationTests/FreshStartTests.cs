using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// Nothing lost on a fresh start (issue 17): attendance runs alone on a broker where discipline has never bound its
/// queue; the late clock-in it records comes back unroutable (published mandatory) and stay pending instead of being
/// confirmed into nothing; discipline starts later and gets them; events nobody was waiting for did not hold back the
/// others.
/// </summary>
public sealed class FreshStartTests(InfrastructureFixture infra)
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);

    [Fact]
    public async Task Late_clock_ins_recorded_before_discipline_ever_started_reach_it_when_it_starts()
    {
        var servers = await infra.ScopeAsync("fresh"); // a virtual host of its own: no queue of discipline's yet
        var time = new FakeTimeProvider(HallFixture.Now.ToUniversalTime());
        var attendanceDb = servers.ConnectionStringOf("attendance");
        await using var attendance = await ServiceApp.StartAttendanceAsync(servers, time, settings: HallFixture.DayCheckSettings);
        var client = new AttendanceService.AttendanceServiceClient(attendance.Channel);
        var id = Guid.NewGuid().ToString("N")[..8];
        var (window, staff) = ($"w-{id}", $"s-{id}");
        await client.CreateWindowAsync(new CreateWindowRequest { WindowId = window, UnitId = "unit-hr", Name = "社保 8号" }, Office);
        await client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staff, DisplayName = staff, UnitId = "unit-hr", WindowId = window }, Office);
        // Monday (closed): 30 minutes late — a StaffLate, final at once.
        await client.ClockInAsync(new ClockInRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "r1",
            PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(23, 9, 30)),
        }, BadgeReader);
        var pending = await Eventually.Until(() => Sql.CountAsync(attendanceDb,
                """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'attendance.StaffLate' AND "SentAt" IS NULL AND "LastError" LIKE 'No queue received%' AND "Payload" LIKE $1""",
                $"%\"{staff}\"%"), n => n == 1, TimeSpan.FromSeconds(30), "the StaffLate to come back unroutable");
        // An event nobody consumes (a clock-in) went out meanwhile: the unroutable ones hold nothing back.
        var clockedIn = await Eventually.Until(() => Sql.CountAsync(attendanceDb,
                """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'attendance.StaffClockedIn' AND "SentAt" IS NOT NULL AND "Payload" LIKE $1""",
                $"%\"{staff}\"%"), n => n == 1, TimeSpan.FromSeconds(30), "the clock-in to be published");

        await using var discipline = await ServiceApp.StartDisciplineAsync(servers, time);
        var violations = await Eventually.Until(() => Sql.CountAsync(servers.ConnectionStringOf("discipline"),
                """SELECT count(*) FROM attendance_violations WHERE "StaffId" = $1""", staff), n => n == 1,
            TimeSpan.FromSeconds(60), "discipline to record the late arrival");
        var stillPending = await Eventually.Until(() => Sql.CountAsync(attendanceDb,
                """SELECT count(*) FROM outbox_messages WHERE "SentAt" IS NULL AND "Payload" LIKE $1 AND "EventType" <> 'attendance.StaffRegistered'""",
                $"%\"{staff}\"%"), n => n == 0, TimeSpan.FromSeconds(30), "the late arrival to be marked sent");

        Assert.Equal((1L, 1L), (pending, clockedIn));
        Assert.Equal((1L, 0L), (violations, stillPending));
        // Discipline's directory learned the staff member from the StaffRegistered that waited for it too.
        Assert.Equal(1, await Eventually.Until(() => Sql.CountAsync(servers.ConnectionStringOf("discipline"),
                """SELECT count(*) FROM directory_entries WHERE "Id" = $1""", staff), n => n == 1, TimeSpan.FromSeconds(45),
            "discipline's directory to learn the staff member"));
    }
}
