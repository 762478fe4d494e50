using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;
using A = ServiceHall.Attendance.V1;
using C = ServiceHall.Cases.V1;
using D = ServiceHall.Discipline.V1;
using P = ServiceHall.Complaints.V1;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// <c>SetStaffActive</c> (issue 15): a disabled staff member's still-valid tokens stop at once in all four services (each
/// asks its copy of the registry per call), punches for them are refused, the days of their disabled period are never
/// judged — on PostgreSQL, with the day check running — and enabled again, everything works as before.
/// </summary>
public sealed class DisabledStaffTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);
    private readonly FakeTimeProvider _time = new(HallFixture.Now.ToUniversalTime()); // Wednesday 25th, 10:00
    private InfrastructureFixture _scope = null!;
    private readonly List<ServiceApp> _apps = [];

    private ServiceApp Attendance => _apps[0];

    private A.AttendanceService.AttendanceServiceClient Client => new(Attendance.Channel);

    public async ValueTask InitializeAsync()
    {
        _scope = await infra.ScopeAsync("disabled");
        _apps.AddRange(await Task.WhenAll(
            ServiceApp.StartAttendanceAsync(_scope, _time, settings: HallFixture.DayCheckSettings),
            ServiceApp.StartCasesAsync(_scope, _time),
            ServiceApp.StartComplaintsAsync(_scope, _time),
            ServiceApp.StartDisciplineAsync(_scope, _time)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
            await app.DisposeAsync();
    }

    /// <summary>A read the token's role allows in each service, by service.</summary>
    private async Task<StatusCode[]> ReadEverywhereAsync(Metadata token) =>
    [
        await AccessFixture.CodeOf(() => Client.GetOrganisationAsync(new A.GetOrganisationRequest { UnitId = "unit-hr" }, token).ResponseAsync),
        await AccessFixture.CodeOf(() => new C.CasesService.CasesServiceClient(_apps[1].Channel)
            .ListServiceItemsAsync(new C.ListServiceItemsRequest(), token).ResponseAsync),
        await AccessFixture.CodeOf(() => new P.ComplaintsService.ComplaintsServiceClient(_apps[2].Channel)
            .GetQualityFiguresAsync(new P.GetQualityFiguresRequest
                { From = "2026-11-01", To = "2026-11-25", Scope = P.FigureScope.Unit, SubjectId = "unit-hr" }, token).ResponseAsync),
        await AccessFixture.CodeOf(() => new D.DisciplineService.DisciplineServiceClient(_apps[3].Channel)
            .ListRulesAsync(new D.ListRulesRequest(), token).ResponseAsync),
    ];

    private Task<A.StaffInfo> SetActiveAsync(string staff, bool active, Metadata? by = null) =>
        Client.SetStaffActiveAsync(new A.SetStaffActiveRequest { StaffId = staff, Active = active, Reason = active ? "" : "调离" },
            by ?? Office).ResponseAsync;

    private Task<StatusCode> PunchAsync(string staff, DateTimeOffset at, Metadata token) =>
        AccessFixture.CodeOf(() => Client.ClockInAsync(new A.ClockInRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "r1",
            PunchedAt = token == BadgeReader ? Timestamp.FromDateTimeOffset(at) : null,
        }, token).ResponseAsync);

    [Fact]
    public async Task A_disabled_unit_heads_valid_token_is_refused_by_all_four_services_at_once_and_works_again_when_enabled()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (head, clerk, window) = ($"head-{id}", $"clerk-{id}", $"w-{id}");
        await Client.CreateWindowAsync(new A.CreateWindowRequest { WindowId = window, UnitId = "unit-hr", Name = "社保 9号" }, Office);
        await Client.RegisterStaffAsync(new A.RegisterStaffRequest
            { StaffId = head, DisplayName = head, UnitId = "unit-hr", Roles = { A.StaffRole.UnitHead } }, Office);
        await Client.RegisterStaffAsync(new A.RegisterStaffRequest
            { StaffId = clerk, DisplayName = clerk, UnitId = "unit-hr", WindowId = window }, Office);
        var headToken = TestAuth.Bearer(head, Roles.UnitHead);
        var clerkToken = TestAuth.Bearer(clerk, Roles.Staff);
        // Every service's copy knows the head as a unit head (the role counts only where the registry says so).
        var before = await Eventually.Until(() => ReadEverywhereAsync(headToken), c => c.All(s => s == StatusCode.OK),
            TimeSpan.FromSeconds(20), "the head's reads in all four services");

        // Nobody disables themselves; a unit head may not disable anyone; a reason is required to disable.
        var self = await AccessFixture.CodeOf(() => SetActiveAsync("office-1", false));
        var byHead = await AccessFixture.CodeOf(() => SetActiveAsync(clerk, false, headToken));
        var noReason = await AccessFixture.CodeOf(() => Client.SetStaffActiveAsync(
            new A.SetStaffActiveRequest { StaffId = clerk, Active = false }, Office).ResponseAsync);
        var unknown = await AccessFixture.CodeOf(() => SetActiveAsync($"nobody-{id}", false));

        var disabled = await SetActiveAsync(head, false);
        var attendanceAtOnce = (await ReadEverywhereAsync(headToken))[0];
        var after = await Eventually.Until(() => ReadEverywhereAsync(headToken), c => c.All(s => s == StatusCode.PermissionDenied),
            TimeSpan.FromSeconds(20), "the disabled head refused in all four services");
        // The clerk: their own clock-in refused (no role), the badge reader's punch for them refused by rule.
        await SetActiveAsync(clerk, false);
        var clerkOwn = await PunchAsync(clerk, HallFixture.HallTime(25, 10, 0), clerkToken);
        var clerkByReader = await PunchAsync(clerk, HallFixture.HallTime(25, 9, 55), BadgeReader);
        var again = await SetActiveAsync(head, false); // the same state again: nothing changes

        await SetActiveAsync(head, true);
        await SetActiveAsync(clerk, true);
        var enabledAgain = await Eventually.Until(() => ReadEverywhereAsync(headToken), c => c.All(s => s == StatusCode.OK),
            TimeSpan.FromSeconds(20), "the head's reads again");
        var clerkBack = await PunchAsync(clerk, HallFixture.HallTime(25, 10, 0), clerkToken);
        var organisation = await Client.GetOrganisationAsync(new A.GetOrganisationRequest { UnitId = "unit-hr" }, Office);
        var headNow = organisation.Staff.Single(s => s.StaffId == head);

        Assert.Equal([StatusCode.OK, StatusCode.OK, StatusCode.OK, StatusCode.OK], before);
        Assert.Equal((StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.InvalidArgument, StatusCode.NotFound),
            (self, byHead, noReason, unknown));
        Assert.Equal((false, "office-1", "调离"), (disabled.Active, disabled.ActiveChangedBy, disabled.ActiveChangeReason));
        Assert.Equal(StatusCode.PermissionDenied, attendanceAtOnce);
        Assert.Equal([StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied], after);
        Assert.Equal((StatusCode.PermissionDenied, StatusCode.FailedPrecondition), (clerkOwn, clerkByReader));
        Assert.False(again.Active);
        Assert.Equal([StatusCode.OK, StatusCode.OK, StatusCode.OK, StatusCode.OK], enabledAgain);
        Assert.Equal(StatusCode.OK, clerkBack);
        Assert.True(headNow.Active);
        Assert.Equal([A.StaffRole.UnitHead], headNow.Roles);
        // Nothing was recorded for the clerk while disabled: one punch, the one after.
        Assert.Equal(1, await Sql.CountAsync(_scope.ConnectionStringOf("attendance"),
            """SELECT count(*) FROM punches WHERE "StaffId" = $1""", clerk));
    }

    [Fact]
    public async Task The_days_of_a_disabled_period_are_never_judged_and_the_days_around_it_are()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (kept, gone, window) = ($"kept-{id}", $"gone-{id}", $"w-{id}");
        await Client.CreateWindowAsync(new A.CreateWindowRequest { WindowId = window, UnitId = "unit-tax", Name = "税务 9号" }, Office);
        foreach (var staff in new[] { kept, gone })
        {
            await Client.RegisterStaffAsync(new A.RegisterStaffRequest
                { StaffId = staff, DisplayName = staff, UnitId = "unit-tax", WindowId = window }, Office);
        }
        foreach (var (weekStart, days) in new[] { ("2026-11-23", Enumerable.Range(23, 5)), ("2026-11-30", Enumerable.Range(30, 5)) })
        {
            var roster = new A.SetRosterRequest { WindowId = window, WeekStart = weekStart };
            foreach (var day in days)
            {
                var date = new DateOnly(2026, 11, 23).AddDays(day - 23).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                foreach (var staff in new[] { kept, gone })
                    roster.Entries.Add(new A.RosterEntry { Date = date, StaffId = staff, Shift = A.Shift.FullDay });
            }
            await Client.SetRosterAsync(roster, Office);
        }
        // Wednesday 10:00: both missed Monday and Tuesday (four sessions each) — they were active then.
        var mondayTuesday = await Eventually.Until(() => AbsencesAsync(window), a => a.Count == 8, TimeSpan.FromSeconds(20),
            "Monday's and Tuesday's absences");
        await SetActiveAsync(gone, false); // Wednesday 10:00

        // Friday 12:01: Wednesday and Thursday closed, Friday morning's cut-off passed.
        _time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
        var friday = await Eventually.Until(() => AbsencesAsync(window), a => a.Count(x => x.Staff == kept) == 9,
            TimeSpan.FromSeconds(20), "the kept one's Wednesday to Friday morning");
        await SetActiveAsync(gone, true); // Friday 12:01: Friday is still of the disabled period

        // Monday the 30th, 12:01: Friday closed; Monday morning's cut-off passed — both looked for again.
        _time.Advance(TimeSpan.FromDays(3));
        var monday = await Eventually.Until(() => AbsencesAsync(window), a => a.Count(x => x.Staff == kept) == 11 && a.Any(x => x.Staff == gone && x.Date == "2026-11-30"),
            TimeSpan.FromSeconds(20), "Monday morning's absences");
        await Task.Delay(TimeSpan.FromSeconds(1)); // a few more runs of the day check
        var last = await AbsencesAsync(window);

        Assert.Equal(4, mondayTuesday.Count(a => a.Staff == gone));
        Assert.Equal(4, friday.Count(a => a.Staff == gone));
        Assert.Equal(["2026-11-23", "2026-11-24", "2026-11-30"],
            last.Where(a => a.Staff == gone).Select(a => a.Date).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-30"],
            last.Where(a => a.Staff == kept).Select(a => a.Date).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(monday.Count, last.Count);
    }

    private async Task<List<(string Staff, string Date)>> AbsencesAsync(string window)
    {
        var rows = await Sql.TextAsync(_scope.ConnectionStringOf("attendance"),
            """SELECT coalesce(string_agg("StaffId" || '|' || "WorkDate"::text, ','), '') FROM attendance_facts WHERE "WindowId" = $1 AND "Kind" = 3 AND "Status" IN (1, 2)""",
            window);
        return (rows ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split('|'))
            .Select(r => (r[0], r[1])).ToList();
    }
}
