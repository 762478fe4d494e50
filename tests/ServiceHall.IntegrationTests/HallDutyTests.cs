using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// R1.6 hall duty over gRPC, on a database of its own (the duty and the unchecked windows are the whole hall's):
/// the duty unit, person and leader of a day, power-off checks with the unchecked windows listed, the leader duty
/// register written once with the day's findings, and the weekly attendance summary as data and CSV.
/// </summary>
public sealed class HallDutyTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);
    private InfrastructureFixture _scope = null!;
    private readonly FakeTimeProvider _time = new(HallFixture.Now.ToUniversalTime()); // Wednesday 10:00
    private ServiceApp _attendance = null!;

    private AttendanceService.AttendanceServiceClient Client => new(_attendance.Channel);

    private string Db => _scope.ConnectionStringOf("attendance");

    public async ValueTask InitializeAsync()
    {
        _scope = await infra.ScopeAsync("duty");
        _attendance = await ServiceApp.StartAttendanceAsync(_scope, _time,
            settings: new Dictionary<string, string?> { ["Attendance:WeeklySummaryCheckInterval"] = "00:00:00.200" });
    }

    public async ValueTask DisposeAsync() => await _attendance.DisposeAsync();

    private sealed record Hall(string WindowHr, string WindowTax, string A, string B, string T, string T2,
        string Leader, string NotOnDuty);

    private async Task<Hall> HallAsync()
    {
        var h = new Hall("w-hr", "w-tax", "anna", "bo", "tian", "tao", "lead", "lead2");
        await Client.CreateWindowAsync(new CreateWindowRequest { WindowId = h.WindowHr, UnitId = "unit-hr", Name = "社保 1号" }, Office);
        await Client.CreateWindowAsync(new CreateWindowRequest { WindowId = h.WindowTax, UnitId = "unit-tax", Name = "税务 1号" }, Office);
        foreach (var (staff, unit, window) in new[] { (h.A, "unit-hr", h.WindowHr), (h.B, "unit-hr", h.WindowHr), (h.T, "unit-tax", h.WindowTax), (h.T2, "unit-tax", h.WindowTax) })
            await Client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staff, DisplayName = "名" + staff, UnitId = unit, WindowId = window }, Office);
        await Client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = h.Leader, DisplayName = "张局", UnitId = "unit-hr", Roles = { StaffRole.DutyLeader } }, Office);
        await Client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = h.NotOnDuty, DisplayName = "李科", UnitId = "unit-hr", Roles = { StaffRole.UnitHead } }, Office);
        return h;
    }

    private Task<ClockInResponse> ClockInAsync(string staff, DateTimeOffset at) => Client.ClockInAsync(new ClockInRequest
    {
        PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "r1", PunchedAt = Timestamp.FromDateTimeOffset(at),
    }, BadgeReader).ResponseAsync;

    private Task<ClockOutResponse> ClockOutAsync(string staff, DateTimeOffset at) => Client.ClockOutAsync(new ClockOutRequest
    {
        PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "r1", PunchedAt = Timestamp.FromDateTimeOffset(at),
    }, BadgeReader).ResponseAsync;

    [Fact]
    public async Task A_duty_day_from_assignment_to_the_written_register()
    {
        var h = await HallAsync();
        const string day = "2026-11-25";
        var wrongUnit = await Assert.ThrowsAsync<RpcException>(() => Client.SetHallDutyAsync(new SetHallDutyRequest
            { Date = day, UnitId = "unit-hr", DutyStaffId = h.T, DutyLeaderStaffId = h.Leader }, Office).ResponseAsync);
        var notALeader = await Assert.ThrowsAsync<RpcException>(() => Client.SetHallDutyAsync(new SetHallDutyRequest
            { Date = day, UnitId = "unit-hr", DutyStaffId = h.A, DutyLeaderStaffId = h.NotOnDuty }, Office).ResponseAsync);
        var notYet = await Assert.ThrowsAsync<RpcException>(() => Client.RecordPowerOffCheckAsync(
            new RecordPowerOffCheckRequest { Date = day, WindowId = h.WindowHr, PoweredOff = true }, Office).ResponseAsync);
        var set = await Client.SetHallDutyAsync(new SetHallDutyRequest
            { Date = day, UnitId = "unit-hr", DutyStaffId = h.A, DutyLeaderStaffId = h.Leader }, Office);

        // The day: Anna 20 minutes late, Bo leaves 30 minutes early; the leader clocks in too, on no window.
        var late = await ClockInAsync(h.A, HallFixture.HallTime(25, 9, 20));
        await ClockInAsync(h.B, HallFixture.HallTime(25, 8, 55));
        await ClockInAsync(h.Leader, HallFixture.HallTime(25, 8, 50));
        _time.SetUtcNow(HallFixture.HallTime(25, 17, 10).ToUniversalTime());
        var early = await ClockOutAsync(h.B, HallFixture.HallTime(25, 16, 30));
        await ClockOutAsync(h.A, HallFixture.HallTime(25, 17, 5));

        var notTheDutyPerson = await Assert.ThrowsAsync<RpcException>(() => Client.RecordPowerOffCheckAsync(
            new RecordPowerOffCheckRequest { Date = day, WindowId = h.WindowHr, PoweredOff = true }, TestAuth.Bearer(h.T, Roles.Staff)).ResponseAsync);
        var checkedOne = await Client.RecordPowerOffCheckAsync(new RecordPowerOffCheckRequest
            { Date = day, WindowId = h.WindowHr, PoweredOff = false, Note = "显示器未关" }, TestAuth.Bearer(h.A, Roles.Staff));
        var otherLeader = await People.LeaderAsync(Client, "lead3", "unit-tax", StaffRole.DutyLeader); // a duty leader, not the day's
        var notTheDutyLeader = await Assert.ThrowsAsync<RpcException>(() => Client.WriteDutyRegisterAsync(
            new WriteDutyRegisterRequest { Date = day }, otherLeader).ResponseAsync);
        var written = await Client.WriteDutyRegisterAsync(new WriteDutyRegisterRequest { Date = day, Note = "秩序良好" },
            TestAuth.Bearer(h.Leader, Roles.DutyLeader));
        var again = await Client.WriteDutyRegisterAsync(new WriteDutyRegisterRequest { Date = day, Note = "另写" },
            TestAuth.Bearer(h.Leader, Roles.DutyLeader));
        var read = await Client.GetDutyRegisterAsync(new GetDutyRegisterRequest { Date = day }, Office);
        var closedDay = await Client.GetHallDutyAsync(new GetHallDutyRequest { Date = day }, Office);
        var checkAfter = await Assert.ThrowsAsync<RpcException>(() => Client.RecordPowerOffCheckAsync(
            new RecordPowerOffCheckRequest { Date = day, WindowId = h.WindowTax, PoweredOff = true }, Office).ResponseAsync);
        var reassign = await Assert.ThrowsAsync<RpcException>(() => Client.SetHallDutyAsync(new SetHallDutyRequest
            { Date = day, UnitId = "unit-hr", DutyStaffId = h.B, DutyLeaderStaffId = h.Leader }, Office).ResponseAsync);
        var leaderStatus = await Client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = h.WindowHr }, Office);

        Assert.Equal(StatusCode.FailedPrecondition, wrongUnit.StatusCode);
        Assert.Contains("unit-tax", wrongUnit.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, notALeader.StatusCode);
        Assert.Contains("duty-leader role", notALeader.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, notYet.StatusCode);
        Assert.Equal([h.WindowHr, h.WindowTax], set.UncheckedWindowIds);
        Assert.True(late.Late);
        Assert.False(early.LeftEarly); // a clock-out is not judged on its own: the register closes the day
        Assert.Equal(StatusCode.PermissionDenied, notTheDutyPerson.StatusCode);
        Assert.Equal([h.WindowTax], checkedOne.UncheckedWindowIds);
        var check = Assert.Single(checkedOne.Checks);
        Assert.Equal((h.WindowHr, false, "显示器未关", h.A), (check.WindowId, check.PoweredOff, check.Note, check.CheckedBy));
        Assert.Equal(StatusCode.PermissionDenied, notTheDutyLeader.StatusCode);

        Assert.Equal((h.Leader, "秩序良好"), (written.WrittenBy, written.Note));
        Assert.Equal([h.WindowTax], written.UncheckedWindowIds);
        var anna = Assert.Single(written.Findings, f => f.StaffId == h.A);
        Assert.Equal((1, 20, 0), (anna.Late, anna.MinutesLate, anna.LeftEarly));
        var bo = Assert.Single(written.Findings, f => f.StaffId == h.B);
        Assert.Equal((0, 1, 30), (bo.Late, bo.LeftEarly, bo.MinutesEarly));
        Assert.DoesNotContain(written.Findings, f => f.StaffId == h.Leader); // no window: owes no session
        // A window staff member without a roster that week owes the full day: absent morning and afternoon.
        Assert.Equal(2, Assert.Single(written.Findings, f => f.StaffId == h.T).Absent);
        Assert.Equal((3, 1, 1), (written.Totals.DaysPresent, written.Totals.Late, written.Totals.LeftEarly));
        Assert.Equal(written, again); // written once: the second call returns the first entry
        Assert.Equal(written, read);
        Assert.True(closedDay.RegisterWritten);
        Assert.Equal(StatusCode.FailedPrecondition, checkAfter.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, reassign.StatusCode);
        Assert.DoesNotContain(h.Leader, leaderStatus.StaffOnPost);
    }

    [Fact]
    public async Task A_day_without_duty_or_register_is_not_found_when_read_and_a_precondition_when_acted_on()
    {
        var h = await HallAsync();
        await Client.SetHallDutyAsync(new SetHallDutyRequest
            { Date = "2026-11-24", UnitId = "unit-hr", DutyStaffId = h.A, DutyLeaderStaffId = h.Leader }, Office);

        var noDuty = await Assert.ThrowsAsync<RpcException>(() =>
            Client.GetHallDutyAsync(new GetHallDutyRequest { Date = "2026-11-20" }, Office).ResponseAsync);
        var noRegister = await Assert.ThrowsAsync<RpcException>(() =>
            Client.GetDutyRegisterAsync(new GetDutyRegisterRequest { Date = "2026-11-24" }, Office).ResponseAsync);
        var checkWithoutDuty = await Assert.ThrowsAsync<RpcException>(() => Client.RecordPowerOffCheckAsync(
            new RecordPowerOffCheckRequest { Date = "2026-11-20", WindowId = h.WindowHr, PoweredOff = true }, Office).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, noDuty.StatusCode);
        Assert.Equal(StatusCode.NotFound, noRegister.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, checkWithoutDuty.StatusCode);
    }

    [Fact]
    public async Task The_weekly_summary_counts_per_unit_and_person_and_exports_csv()
    {
        var h = await HallAsync();
        // Monday: Anna late 15 minutes. Tuesday: Bo leaves 45 minutes early. Thursday: Tian on a day's approved leave.
        await ClockInAsync(h.A, HallFixture.HallTime(23, 9, 15));
        // Monday is closed (Tuesday 12:00 has passed): B's last clock-out is an early leave at once.
        await ClockInAsync(h.B, HallFixture.HallTime(23, 8, 50));
        await ClockOutAsync(h.B, HallFixture.HallTime(23, 16, 15));
        // The staffing check of leave needs the week's roster: the tax window's, Monday to Friday.
        var roster = new SetRosterRequest { WindowId = h.WindowTax, WeekStart = "2026-11-23" };
        for (var day = 23; day <= 27; day++)
        {
            roster.Entries.Add(new RosterEntry { Date = $"2026-11-{day}", StaffId = h.T, Shift = Shift.FullDay });
            roster.Entries.Add(new RosterEntry { Date = $"2026-11-{day}", StaffId = h.T2, Shift = Shift.FullDay });
        }
        await Client.SetRosterAsync(roster, Office);
        var leave = await Client.RequestLeaveAsync(new RequestLeaveRequest
        {
            LeaveId = Guid.NewGuid().ToString(), StaffId = h.T, SubstituteStaffId = h.T2, Kind = LeaveKind.Personal,
            Reason = "家事", StartsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(26, 9, 0)),
            EndsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(26, 17, 0)),
        }, Office);
        await Client.AcceptSubstitutionAsync(new AcceptSubstitutionRequest { LeaveId = leave.Leave.LeaveId }, TestAuth.Bearer(h.T2, Roles.Staff));
        await Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = leave.Leave.LeaveId },
            await People.LeaderAsync(Client, "head-tax", "unit-tax", StaffRole.UnitHead));

        // Rostered since Monday and never clocked in: absent every session of Monday and Tuesday.
        var summary = await Eventually.Until(
            () => Client.GetWeeklyAttendanceSummaryAsync(new GetWeeklyAttendanceSummaryRequest(), Office).ResponseAsync,
            s => s.Units.Single(u => u.UnitId == "unit-tax").People.Where(p => p.StaffId == h.T || p.StaffId == h.T2)
                .All(p => p.Absent == 4), TimeSpan.FromSeconds(20),
            "the rostered tax staff's absent sessions");
        var hrOnly = await Client.GetWeeklyAttendanceSummaryAsync(new GetWeeklyAttendanceSummaryRequest { WeekStart = "2026-11-23", UnitId = "unit-hr" }, Office);
        var nextWeek = await Client.GetWeeklyAttendanceSummaryAsync(new GetWeeklyAttendanceSummaryRequest { WeekStart = "2026-11-30" }, Office);
        var tuesday = await Assert.ThrowsAsync<RpcException>(() => Client.GetWeeklyAttendanceSummaryAsync(
            new GetWeeklyAttendanceSummaryRequest { WeekStart = "2026-11-24" }, Office).ResponseAsync);
        var staffMayNot = await Assert.ThrowsAsync<RpcException>(() => Client.GetWeeklyAttendanceSummaryAsync(
            new GetWeeklyAttendanceSummaryRequest(), TestAuth.Bearer(h.A, Roles.Staff)).ResponseAsync);

        Assert.Equal(("2026-11-23", "2026-11-29"), (summary.WeekStart, summary.WeekEnd));
        var hr = Assert.Single(summary.Units, u => u.UnitId == "unit-hr");
        Assert.Equal(4, hr.People.Count); // everyone of the unit, also those with nothing to report
        Assert.Equal((1, 15), (hr.People.Single(p => p.StaffId == h.A).Late, hr.People.Single(p => p.StaffId == h.A).MinutesLate));
        Assert.Equal((1, 45), (hr.People.Single(p => p.StaffId == h.B).LeftEarly, hr.People.Single(p => p.StaffId == h.B).MinutesEarly));
        Assert.Equal((1, 1, 2), (hr.Totals.Late, hr.Totals.LeftEarly, hr.Totals.DaysPresent));
        var tax = Assert.Single(summary.Units, u => u.UnitId == "unit-tax");
        var tian = tax.People.Single(p => p.StaffId == h.T);
        Assert.Equal((1, 7 * 60), (tian.Leaves, tian.LeaveMinutes)); // 09-12 and 13-17
        var csv = summary.Csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("unit_id,unit_name,staff_id,staff_name,days_present,late,minutes_late", csv[0]);
        Assert.Contains($"unit-hr,unit-hr,{h.A},名{h.A},1,1,15,0,0,0,0,0,0,0", csv);
        Assert.Contains($"unit-tax,unit-tax,{h.T},名{h.T},0,0,0,0,0,0,0,4,1,420", csv);
        Assert.Equal(["unit-hr"], hrOnly.Units.Select(u => u.UnitId));
        Assert.All(nextWeek.Units, u => Assert.Equal(0, u.Totals.Late + u.Totals.LeftEarly + u.Totals.Leaves));
        Assert.Equal(StatusCode.InvalidArgument, tuesday.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, staffMayNot.StatusCode);
    }

    [Fact]
    public async Task The_summary_is_produced_for_the_office_once_on_friday_afternoon()
    {
        var h = await HallAsync();
        await ClockInAsync(h.A, HallFixture.HallTime(23, 9, 30));
        Task<long> Produced() => Sql.CountAsync(Db,
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'attendance.WeeklyAttendanceSummaryProduced'""");

        // Friday 14:59: not yet (the job runs every 200 ms; give it a few runs).
        _time.SetUtcNow(HallFixture.HallTime(27, 14, 59).ToUniversalTime());
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var before = await Produced();
        var notYet = await Client.GetWeeklyAttendanceSummaryAsync(new GetWeeklyAttendanceSummaryRequest(), Office);
        _time.SetUtcNow(HallFixture.HallTime(27, 15, 1).ToUniversalTime());
        await Eventually.Until(Produced, n => n == 1, TimeSpan.FromSeconds(20), "the weekly summary to be produced");
        // A late arrival recorded afterwards is in the live figures but not in what was produced.
        await ClockInAsync(h.B, HallFixture.HallTime(27, 9, 45));
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var after = await Produced();
        var summary = await Client.GetWeeklyAttendanceSummaryAsync(new GetWeeklyAttendanceSummaryRequest(), Office);
        var payload = await Sql.TextAsync(Db,
            """SELECT "Payload" FROM outbox_messages WHERE "EventType" = 'attendance.WeeklyAttendanceSummaryProduced'""");

        Assert.Equal(0, before);
        Assert.Null(notYet.ProducedAt);
        Assert.Equal(1, after);
        Assert.Contains("\"weekStart\":\"2026-11-23\"", payload);
        Assert.Contains("\"late\":1,", payload);
        Assert.Equal(HallFixture.HallTime(27, 15, 1), summary.ProducedAt.ToDateTimeOffset());
        Assert.Contains($"{h.A},名{h.A},1,1,30", summary.ProducedCsv);
        Assert.DoesNotContain($"{h.B},名{h.B},1,1,45", summary.ProducedCsv);
        Assert.Contains($"{h.B},名{h.B},1,1,45", summary.Csv);
    }
}
