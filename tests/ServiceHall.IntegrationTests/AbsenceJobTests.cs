using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// 缺岗: two attendance instances run the absence check every 200 ms on one database; each absence is marked once,
/// with one StaffAbsent event, and only one instance holds the job's lease.
/// </summary>
public sealed class AbsenceJobTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);
    private readonly string _database = "servicehall_attendance_absence_" + Guid.NewGuid().ToString("N")[..6];
    private readonly FakeTimeProvider _time = new(HallFixture.Now.ToUniversalTime()); // Wednesday 10:00
    private ServiceApp _first = null!;
    private ServiceApp _second = null!;

    private string Db => infra.Postgres.ConnectionString(_database);

    public async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?> { ["Attendance:AbsenceCheckInterval"] = "00:00:00.200" };
        _first = await ServiceApp.StartAttendanceAsync(infra, _time, database: _database, settings: settings);
        _second = await ServiceApp.StartAttendanceAsync(infra, _time, database: _database, settings: settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task Two_instances_mark_each_absence_once()
    {
        var client = new AttendanceService.AttendanceServiceClient(_first.Channel);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (window, present, missing) = ($"w-{suffix}", $"anna-{suffix}", $"bo-{suffix}");
        await client.CreateWindowAsync(new CreateWindowRequest { WindowId = window, UnitId = "u1", Name = "税务 4号" }, Office);
        foreach (var staff in new[] { present, missing })
            await client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staff, DisplayName = staff, UnitId = "u1", WindowId = window }, Office);
        // Anna clocks in on Monday and Tuesday (the second time after the noon cut-off); Bo never does.
        foreach (var at in new[] { HallFixture.HallTime(23, 8, 55), HallFixture.HallTime(24, 12, 30) })
        {
            await client.ClockInAsync(new ClockInRequest
            {
                PunchId = Guid.NewGuid().ToString(), StaffId = present, DeviceId = "r1", PunchedAt = Timestamp.FromDateTimeOffset(at),
            }, BadgeReader);
        }
        var roster = new SetRosterRequest { WindowId = window, WeekStart = "2026-11-23" };
        for (var day = 23; day <= 27; day++)
        {
            roster.Entries.Add(new RosterEntry { Date = $"2026-11-{day}", StaffId = present, Shift = Shift.FullDay });
            roster.Entries.Add(new RosterEntry { Date = $"2026-11-{day}", StaffId = missing, Shift = Shift.FullDay });
        }
        await client.SetRosterAsync(roster, Office);

        // Wednesday 10:00: Monday's and Tuesday's cut-offs have passed, Wednesday's (noon) has not.
        var beforeNoon = await Eventually.Until(() => AbsencesAsync(window), n => n == 3, TimeSpan.FromSeconds(20),
            "Monday's and Tuesday's absences");
        await Task.Delay(TimeSpan.FromSeconds(1)); // a few more runs of both instances
        var stillBeforeNoon = await AbsencesAsync(window);
        _time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        var afterNoon = await Eventually.Until(() => AbsencesAsync(window), n => n == 5, TimeSpan.FromSeconds(20),
            "Wednesday's absences");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(3, beforeNoon);
        Assert.Equal(3, stillBeforeNoon);
        Assert.Equal(5, afterNoon);
        Assert.Equal(5, await AbsencesAsync(window));
        Assert.Equal(2, await Sql.CountAsync(Db, """SELECT count(*) FROM absences WHERE "StaffId" = $1""", present));
        Assert.Equal(1, await Sql.CountAsync(Db,
            """SELECT count(*) FROM absences WHERE "StaffId" = $1 AND "WorkDate" = '2026-11-24'""", present));
        Assert.Equal(5, await Sql.CountAsync(Db,
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'attendance.StaffAbsent' AND "Payload" LIKE $1""",
            $"%\"{window}\"%"));
        Assert.Equal(1, await Sql.CountAsync(Db, """SELECT count(*) FROM job_leases WHERE "Name" = 'attendance.absence'"""));
    }

    private Task<long> AbsencesAsync(string window) =>
        Sql.CountAsync(Db, """SELECT count(*) FROM absences WHERE "WindowId" = $1""", window);
}
