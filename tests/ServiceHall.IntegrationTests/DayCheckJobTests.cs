using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// 缺岗 and closing days: two attendance instances run the day check every 200 ms on one database; each absent session
/// is found once, becomes final (one StaffAbsent event) when its day closes, and only one instance holds the lease.
/// </summary>
public sealed class DayCheckJobTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);
    private InfrastructureFixture _scope = null!;
    private readonly FakeTimeProvider _time = new(HallFixture.Now.ToUniversalTime()); // Wednesday 10:00
    private ServiceApp _first = null!;
    private ServiceApp _second = null!;

    private string Db => _scope.ConnectionStringOf("attendance");

    public async ValueTask InitializeAsync()
    {
        _scope = await infra.ScopeAsync("absence");
        var settings = new Dictionary<string, string?>
        {
            ["Attendance:DayCheckInterval"] = "00:00:00.200", ["Attendance:FactSettleTime"] = "00:00:00",
        };
        _first = await ServiceApp.StartAttendanceAsync(_scope, _time, settings: settings);
        _second = await ServiceApp.StartAttendanceAsync(_scope, _time, settings: settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    [Fact]
    public async Task Two_instances_find_each_absent_session_once_and_publish_it_once_when_its_day_closes()
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

        // Wednesday 10:00: Monday is closed (Tuesday 12:00 passed), Tuesday's cut-offs have passed but it is not
        // closed, Wednesday's morning cut-off (noon) has not passed.
        var beforeNoon = await Eventually.Until(() => FactsAsync(window, "Absent"), n => n == 5, TimeSpan.FromSeconds(20),
            "Bo's Monday and Tuesday and Anna's Tuesday morning absent");
        var publishedBeforeNoon = await Eventually.Until(() => PublishedAsync(window, "StaffAbsent"), n => n == 2,
            TimeSpan.FromSeconds(20), "Monday's two absences published");
        await Task.Delay(TimeSpan.FromSeconds(1)); // a few more runs of both instances
        var stillBeforeNoon = (await FactsAsync(window, "Absent"), await PublishedAsync(window, "StaffAbsent"));
        _time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        var afterNoon = await Eventually.Until(() => PublishedAsync(window, "StaffAbsent"), n => n == 5,
            TimeSpan.FromSeconds(20), "Tuesday's three absences published once Tuesday closed");
        var wednesday = await Eventually.Until(() => FactsAsync(window, "Absent"), n => n == 7, TimeSpan.FromSeconds(20),
            "Wednesday morning's two absences");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal((5L, 2L), (beforeNoon, publishedBeforeNoon));
        Assert.Equal((5L, 2L), stillBeforeNoon);
        Assert.Equal((5L, 7L), (afterNoon, wednesday));
        Assert.Equal((7L, 5L), (await FactsAsync(window, "Absent"), await PublishedAsync(window, "StaffAbsent")));
        // Anna came on Tuesday after the morning's cut-off: absent for the morning, never also late, on post after.
        Assert.Equal(1, await Sql.CountAsync(Db,
            """SELECT count(*) FROM attendance_facts WHERE "StaffId" = $1 AND "WorkDate" = '2026-11-24' AND "Kind" = 3""", present));
        Assert.Equal(0, await Sql.CountAsync(Db,
            """SELECT count(*) FROM attendance_facts WHERE "StaffId" = $1 AND "Kind" = 1""", present));
        // Each fact once, each published fact once, whichever instance found it.
        Assert.Equal(0, await Sql.CountAsync(Db,
            """SELECT count(*) FROM (SELECT 1 FROM attendance_facts WHERE "WindowId" = $1 GROUP BY "StaffId", "WorkDate", "Key" HAVING count(*) > 1) d""", window));
        Assert.Equal(1, await Sql.CountAsync(Db, """SELECT count(*) FROM job_leases WHERE "Name" = 'attendance.day-check'"""));
    }

    private Task<long> FactsAsync(string window, string kind) => Sql.CountAsync(Db,
        """SELECT count(*) FROM attendance_facts WHERE "WindowId" = $1 AND "Kind" = $2 AND "Status" IN (1, 2)""",
        window, kind switch { "Absent" => 3, _ => 0 });

    private Task<long> PublishedAsync(string window, string eventType) => Sql.CountAsync(Db,
        """SELECT count(*) FROM outbox_messages WHERE "EventType" = $1 AND "Payload" LIKE $2""",
        $"attendance.{eventType}", $"%\"{window}\"%");
}
