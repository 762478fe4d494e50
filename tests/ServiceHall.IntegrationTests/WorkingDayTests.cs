using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// The working day over gRPC and the real bus (R1.1, R1.6, R1.7, R1.8): ordinary days give no fact, facts are
/// provisional until the day closes and only final ones reach discipline, the duty leader voids before they count,
/// leave approved afterwards withdraws a fact and revokes the sanction it caused once, a forgotten clock-out leaves
/// nobody on post the next morning, and only a machine witnesses a punch time. Each test has its own clock, starting
/// Wednesday 2026-11-25 10:00 hall time.
/// </summary>
public sealed class WorkingDayTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata Reader = TestAuth.Bearer("reader-1", Roles.System);
    private static readonly Metadata DisciplineOffice = TestAuth.Bearer("d-1", Roles.DisciplineOffice);
    private InfrastructureFixture _scope = null!;
    private readonly FakeTimeProvider _time = new(HallFixture.Now.ToUniversalTime());
    private ServiceApp _attendance = null!;
    private ServiceApp _discipline = null!;

    private string Db => _scope.ConnectionStringOf("attendance");

    private string DisciplineDb => _scope.ConnectionStringOf("discipline");

    private AttendanceService.AttendanceServiceClient Attendance => new(_attendance.Channel);

    private DisciplineService.DisciplineServiceClient Discipline => new(_discipline.Channel);

    public async ValueTask InitializeAsync()
    {
        _scope = await infra.ScopeAsync("day");
        // Facts settle for the production five minutes: a day's punches arriving one by one are heard to the end.
        _attendance = await ServiceApp.StartAttendanceAsync(_scope, _time, settings: new Dictionary<string, string?> { ["Attendance:FactSettleTime"] = "00:05:00" });
        _discipline = await ServiceApp.StartDisciplineAsync(_scope, _time);
    }

    public async ValueTask DisposeAsync()
    {
        await _attendance.DisposeAsync();
        await _discipline.DisposeAsync();
    }

    private async Task<string> StaffAsync(string unit = "unit-hr", params StaffRole[] roles)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        await Attendance.CreateWindowAsync(new CreateWindowRequest { WindowId = $"w-{id}", UnitId = unit, Name = "社保 3号" }, Office);
        await Attendance.RegisterStaffAsync(new RegisterStaffRequest
            { StaffId = $"s-{id}", DisplayName = "王芳", UnitId = unit, WindowId = $"w-{id}", Roles = { roles } }, Office);
        return $"s-{id}";
    }

    private async Task<string> LeaderAsync()
    {
        var id = $"lead-{Guid.NewGuid().ToString("N")[..8]}";
        await Attendance.RegisterStaffAsync(new RegisterStaffRequest
            { StaffId = id, DisplayName = "张局", UnitId = "unit-hr", Roles = { StaffRole.DutyLeader } }, Office);
        return id;
    }

    private Task<ClockInResponse> InAsync(string staff, int day, int hour, int minute) =>
        Attendance.ClockInAsync(new ClockInRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "reader-1",
            PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(day, hour, minute)),
        }, Reader).ResponseAsync;

    private Task<ClockOutResponse> OutAsync(string staff, int day, int hour, int minute) =>
        Attendance.ClockOutAsync(new ClockOutRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "reader-1",
            PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(day, hour, minute)),
        }, Reader).ResponseAsync;

    private async Task<IReadOnlyList<AttendanceFact>> FactsAsync(string staff, int day) =>
        (await Attendance.ListAttendanceFactsAsync(
            new ListAttendanceFactsRequest { Date = $"2026-11-{day}", StaffId = staff }, Office)).Facts;

    private async Task<IReadOnlyList<Fact>> DisciplineFactsAsync(string staff) =>
        (await Discipline.GetStaffFileAsync(new GetStaffFileRequest { StaffId = staff, Year = 2026 }, DisciplineOffice)).Facts;

    /// <summary>Five minutes and a second later: a closed day whose punches stopped has settled.</summary>
    private void Settle() => _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

    private Task<long> PublishedAsync(string eventType, string staff) => Sql.CountAsync(Db,
        """SELECT count(*) FROM outbox_messages WHERE "EventType" = $1 AND "Payload" LIKE $2""",
        $"attendance.{eventType}", $"%\"{staff}\"%");

    [Fact]
    public async Task Four_punches_a_day_give_no_fact_while_a_late_return_from_lunch_reaches_discipline_once_final()
    {
        var (ordinary, lateFromLunch) = (await StaffAsync(), await StaffAsync());
        // Monday, a closed day: both punch four times; one comes back from lunch at 13:40.
        foreach (var (staff, back) in new[] { (ordinary, 58), (lateFromLunch, 100) })
        {
            await InAsync(staff, 23, 8, 55);
            await OutAsync(staff, 23, 12, 0);
            await InAsync(staff, 23, 12 + back / 60, back % 60);
            await OutAsync(staff, 23, 17, 2);
        }
        await Task.Delay(TimeSpan.FromSeconds(1)); // the day check runs: Monday is closed but has not settled
        var beforeSettling = await PublishedAsync("StaffLate", lateFromLunch);
        Settle();

        var discipline = await Eventually.Until(() => DisciplineFactsAsync(lateFromLunch), f => f.Count > 0,
            TimeSpan.FromSeconds(30), "the late return from lunch in discipline");
        await Task.Delay(TimeSpan.FromSeconds(1)); // the day check runs a few more times

        Assert.Equal(0, beforeSettling);
        Assert.Empty(await FactsAsync(ordinary, 23));
        Assert.Empty(await DisciplineFactsAsync(ordinary));
        Assert.Equal(0, await Sql.CountAsync(Db, """SELECT count(*) FROM outbox_messages WHERE "EventType" IN ('attendance.StaffLate', 'attendance.StaffLeftEarly', 'attendance.StaffAbsent', 'attendance.StaffOffPost', 'attendance.OutingOverran', 'attendance.MissingClockOut', 'attendance.AttendanceFactWithdrawn') AND "Payload" LIKE $1""", $"%\"{ordinary}\"%"));
        var late = Assert.Single(discipline);
        Assert.Equal((FactKind.Late, 40, "2026-11-23"), (late.Kind, late.Minutes, late.WorkDate));
        var fact = Assert.Single(await FactsAsync(lateFromLunch, 23));
        Assert.Equal((AttendanceFactKind.Late, DaySession.Afternoon, AttendanceFactStatus.Final),
            (fact.Kind, fact.Session, fact.Status));
        Assert.Contains("afternoon 13:00-17:00", fact.JudgedBy);
        Assert.Equal(1, await PublishedAsync("StaffLate", lateFromLunch));
        Assert.Equal(0, await PublishedAsync("StaffLeftEarly", ordinary) + await PublishedAsync("StaffLate", ordinary));
    }

    [Fact]
    public async Task Facts_stay_provisional_until_the_duty_register_closes_the_day_and_a_voided_fact_never_counts()
    {
        var (late, voided, leader) = (await StaffAsync(), await StaffAsync(), await LeaderAsync());
        var lateIn = await InAsync(late, 25, 9, 20);
        await InAsync(voided, 25, 9, 30);
        var toVoid = Assert.Single(await FactsAsync(voided, 25));
        var staffMayNot = await Assert.ThrowsAsync<RpcException>(() => Attendance.VoidAttendanceFactAsync(
            new VoidAttendanceFactRequest { FactId = toVoid.FactId, Reason = "自己说读卡器坏了" }, TestAuth.Bearer(voided, Roles.Staff)).ResponseAsync);
        await Attendance.SetHallDutyAsync(new SetHallDutyRequest
            { Date = "2026-11-25", UnitId = "unit-hr", DutyStaffId = late, DutyLeaderStaffId = leader }, Office);
        var otherLeader = await Assert.ThrowsAsync<RpcException>(() => Attendance.VoidAttendanceFactAsync(
            new VoidAttendanceFactRequest { FactId = toVoid.FactId, Reason = "读卡器故障" }, TestAuth.Bearer("lead-other", Roles.DutyLeader)).ResponseAsync);
        var voidedFact = await Attendance.VoidAttendanceFactAsync(
            new VoidAttendanceFactRequest { FactId = toVoid.FactId, Reason = "读卡器故障，当日 9:00 已到岗" }, TestAuth.Bearer(leader, Roles.DutyLeader));
        var tooEarly = await Assert.ThrowsAsync<RpcException>(() => Attendance.WriteDutyRegisterAsync(
            new WriteDutyRegisterRequest { Date = "2026-11-25" }, TestAuth.Bearer(leader, Roles.DutyLeader)).ResponseAsync);
        _time.SetUtcNow(HallFixture.HallTime(25, 17, 30).ToUniversalTime());
        await OutAsync(late, 25, 17, 0);
        await OutAsync(voided, 25, 17, 0);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the day check runs: the day is not closed, nothing is published
        var beforeClosing = (await PublishedAsync("StaffLate", late), await FactsAsync(late, 25));

        var register = await Attendance.WriteDutyRegisterAsync(new WriteDutyRegisterRequest { Date = "2026-11-25" },
            TestAuth.Bearer(leader, Roles.DutyLeader));
        var counted = await Eventually.Until(() => DisciplineFactsAsync(late), f => f.Count == 1, TimeSpan.FromSeconds(30),
            "the late arrival in discipline once the register closed the day");
        var finalFact = Assert.Single(await FactsAsync(late, 25));
        var finalVoid = await Assert.ThrowsAsync<RpcException>(() => Attendance.VoidAttendanceFactAsync(
            new VoidAttendanceFactRequest { FactId = finalFact.FactId, Reason = "晚了" }, TestAuth.Bearer(leader, Roles.DutyLeader)).ResponseAsync);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal((true, 20), (lateIn.Late, lateIn.MinutesLate));
        Assert.Equal(StatusCode.PermissionDenied, staffMayNot.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, otherLeader.StatusCode);
        Assert.Equal((AttendanceFactStatus.Voided, leader, "读卡器故障，当日 9:00 已到岗"),
            (voidedFact.Status, voidedFact.EndedBy, voidedFact.EndedReason));
        Assert.Equal(StatusCode.FailedPrecondition, tooEarly.StatusCode);
        Assert.Equal(0, beforeClosing.Item1);
        Assert.Equal(AttendanceFactStatus.Provisional, Assert.Single(beforeClosing.Item2).Status);
        Assert.Equal(20, Assert.Single(counted).Minutes);
        Assert.Equal(StatusCode.FailedPrecondition, finalVoid.StatusCode);
        Assert.Equal(1, Assert.Single(register.Findings, f => f.StaffId == late).Late);
        Assert.DoesNotContain(register.Findings, f => f.StaffId == voided);
        Assert.Empty(await DisciplineFactsAsync(voided));
        Assert.Equal(0, await PublishedAsync("StaffLate", voided));
    }

    [Fact]
    public async Task Leave_approved_afterwards_withdraws_a_fact_and_revokes_the_sanction_once_also_after_a_redelivery()
    {
        var (staff, substitute) = (await StaffAsync(), await StaffAsync());
        var roster = new SetRosterRequest { WindowId = $"w-{staff[2..]}", WeekStart = "2026-11-23" };
        for (var day = 23; day <= 27; day++)
        {
            roster.Entries.Add(new RosterEntry { Date = $"2026-11-{day}", StaffId = staff, Shift = Shift.FullDay });
            roster.Entries.Add(new RosterEntry { Date = $"2026-11-{day}", StaffId = substitute, Shift = Shift.FullDay });
        }
        await Attendance.SetRosterAsync(roster, Office);
        // Monday: late in the morning and back late from lunch, two facts: circulated criticism (R1.8).
        await InAsync(staff, 23, 9, 30);
        await OutAsync(staff, 23, 12, 0);
        await InAsync(staff, 23, 13, 30);
        await OutAsync(staff, 23, 17, 0);
        Settle();
        var criticism = Assert.Single(await Eventually.Until(SanctionsAsync, s => s.Count == 1, TimeSpan.FromSeconds(30),
            "circulated criticism for two lates"));

        // R1.7 因病请假 is often filed after the day: sick leave for Monday morning, approved on Wednesday.
        var leave = await Attendance.RequestLeaveAsync(new RequestLeaveRequest
        {
            LeaveId = Guid.NewGuid().ToString(), StaffId = staff, SubstituteStaffId = substitute, Kind = LeaveKind.Sick,
            Reason = "就医", StartsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(23, 9, 0)),
            EndsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(23, 12, 0)),
        }, TestAuth.Bearer(staff, Roles.Staff));
        await Attendance.AcceptSubstitutionAsync(new AcceptSubstitutionRequest { LeaveId = leave.Leave.LeaveId },
            TestAuth.Bearer(substitute, Roles.Staff));
        await Attendance.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = leave.Leave.LeaveId },
            TestAuth.Bearer(await LeaderAsync(), Roles.DutyLeader));
        var revoked = Assert.Single(await Eventually.Until(SanctionsAsync, s => s.Count == 1 && s.Single().Revoked,
            TimeSpan.FromSeconds(30), "the criticism revoked"));
        var revocations = await RevocationsAsync();

        // The withdrawal sent again, through the real broker: nothing more happens.
        var resent = await Sql.ExecuteAsync(Db,
            """UPDATE outbox_messages SET "SentAt" = NULL WHERE "EventType" = 'attendance.AttendanceFactWithdrawn' AND "Payload" LIKE $1""",
            $"%\"{staff}\"%");
        await Eventually.Until(() => Sql.CountAsync(Db,
                """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'attendance.AttendanceFactWithdrawn' AND "Attempts" = 2 AND "Payload" LIKE $1""",
                $"%\"{staff}\"%"),
            n => n == resent, TimeSpan.FromSeconds(30), "the withdrawal published a second time");
        await Task.Delay(TimeSpan.FromSeconds(1));

        var facts = await FactsAsync(staff, 23);
        Assert.Equal(AttendanceFactStatus.Withdrawn, facts.Single(f => f.Session == DaySession.Morning).Status);
        Assert.Equal("leave was approved", facts.Single(f => f.Session == DaySession.Morning).EndedReason);
        Assert.Equal(AttendanceFactStatus.Final, facts.Single(f => f.Session == DaySession.Afternoon).Status);
        Assert.Equal(criticism.SanctionId, revoked.SanctionId);
        Assert.Contains("withdrawn (leave was approved): 1 of 2 remain", revoked.RevocationReason);
        Assert.Equal(1, resent);
        Assert.Equal(1, revocations);
        Assert.Equal(1, await RevocationsAsync());
        Assert.Single(await SanctionsAsync());
        Assert.Equal(1, (await Discipline.GetStandingAsync(new GetStandingRequest { StaffId = staff }, DisciplineOffice)).ViolationsThisWeek);

        async Task<IReadOnlyList<Sanction>> SanctionsAsync() =>
            (await Discipline.ListSanctionsAsync(new ListSanctionsRequest { StaffId = staff }, DisciplineOffice)).Sanctions;

        Task<long> RevocationsAsync() => Sql.CountAsync(DisciplineDb,
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'discipline.SanctionRevoked' AND "Payload" LIKE $1""",
            $"%\"{staff}\"%");
    }

    [Fact]
    public async Task An_approved_correction_withdraws_a_fact_and_revokes_its_sanction_once_and_a_rejected_one_changes_nothing()
    {
        var (staff, leader) = (await StaffAsync(), await LeaderAsync());
        var own = TestAuth.Bearer(staff, Roles.Staff);
        var duty = TestAuth.Bearer(leader, Roles.DutyLeader);
        // Monday: the reader missed the 08:55 clock-in, so 09:30 counted as late; and back late from lunch.
        await InAsync(staff, 23, 9, 30);
        await OutAsync(staff, 23, 12, 0);
        await InAsync(staff, 23, 13, 30);
        await OutAsync(staff, 23, 17, 0);
        Settle();
        await Eventually.Until(SanctionsAsync, s => s.Count == 1, TimeSpan.FromSeconds(30), "circulated criticism");
        FileCorrectionRequest Correction(int hour, int minute, string reason, int day = 23) => new()
        {
            CorrectionId = Guid.NewGuid().ToString(), StaffId = staff, WorkDate = $"2026-11-{day}",
            Kind = CorrectionKind.AddClockIn, At = Timestamp.FromDateTimeOffset(HallFixture.HallTime(day, hour, minute)),
            Reason = reason,
        };

        var readerFault = await Attendance.FileCorrectionAsync(Correction(8, 55, "读卡器故障，8:55 已到岗"), own);
        var forgot = await Attendance.FileCorrectionAsync(Correction(13, 0, "午休回来忘记打卡"), own);
        var forSomeoneElse = await Assert.ThrowsAsync<RpcException>(() => Attendance.FileCorrectionAsync(
            Correction(8, 55, "x"), TestAuth.Bearer("s-other", Roles.Staff)).ResponseAsync);
        var tooOld = await Assert.ThrowsAsync<RpcException>(() => Attendance.FileCorrectionAsync(
            Correction(8, 55, "上上周", day: 10), own).ResponseAsync);
        // The staff member is also a duty leader: still not for their own correction.
        await Attendance.SetStaffRolesAsync(new SetStaffRolesRequest { StaffId = staff, Roles = { StaffRole.WindowStaff, StaffRole.DutyLeader } }, Office);
        var ownDecision = await Assert.ThrowsAsync<RpcException>(() => Attendance.DecideCorrectionAsync(new DecideCorrectionRequest
            { CorrectionId = readerFault.CorrectionId, Approve = true, Reason = "自己批" }, TestAuth.Bearer(staff, Roles.DutyLeader)).ResponseAsync);
        var rejected = await Attendance.DecideCorrectionAsync(new DecideCorrectionRequest
            { CorrectionId = forgot.CorrectionId, Approve = false, Reason = "巡查记录见其 13:25 才回岗" }, duty);
        var approved = await Attendance.DecideCorrectionAsync(new DecideCorrectionRequest
            { CorrectionId = readerFault.CorrectionId, Approve = true, Reason = "经核实读卡器故障" }, duty);
        var again = await Attendance.DecideCorrectionAsync(new DecideCorrectionRequest
            { CorrectionId = readerFault.CorrectionId, Approve = true, Reason = "经核实读卡器故障" }, duty);
        var otherWay = await Assert.ThrowsAsync<RpcException>(() => Attendance.DecideCorrectionAsync(new DecideCorrectionRequest
            { CorrectionId = readerFault.CorrectionId, Approve = false, Reason = "改主意" }, duty).ResponseAsync);
        var revoked = Assert.Single(await Eventually.Until(SanctionsAsync, s => s.Count == 1 && s.Single().Revoked,
            TimeSpan.FromSeconds(30), "the criticism revoked"));
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal(StatusCode.PermissionDenied, forSomeoneElse.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, tooOld.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, ownDecision.StatusCode);
        Assert.Equal((CorrectionStatus.Rejected, leader), (rejected.Status, rejected.DecidedBy));
        Assert.Equal(CorrectionStatus.Approved, approved.Status);
        Assert.Equal(approved, again);
        Assert.Equal(StatusCode.FailedPrecondition, otherWay.StatusCode);
        var facts = await FactsAsync(staff, 23);
        var morning = facts.Single(f => f.Session == DaySession.Morning);
        Assert.Equal((AttendanceFactStatus.Withdrawn, "a correction was approved"), (morning.Status, morning.EndedReason));
        Assert.Equal(AttendanceFactStatus.Final, facts.Single(f => f.Session == DaySession.Afternoon).Status); // rejected: stands
        Assert.Contains("a correction was approved", revoked.RevocationReason);
        Assert.Equal(1, await Sql.CountAsync(DisciplineDb,
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'discipline.SanctionRevoked' AND "Payload" LIKE $1""",
            $"%\"{staff}\"%"));
        var listed = await Attendance.ListCorrectionsAsync(new ListCorrectionsRequest { Date = "2026-11-23", StaffId = staff }, own);
        Assert.Equal(2, listed.Corrections.Count);

        async Task<IReadOnlyList<Sanction>> SanctionsAsync() =>
            (await Discipline.ListSanctionsAsync(new ListSanctionsRequest { StaffId = staff }, DisciplineOffice)).Sanctions;
    }

    [Fact]
    public async Task A_forgotten_clock_out_leaves_nobody_on_post_the_next_morning_and_is_a_missing_clock_out()
    {
        var staff = await StaffAsync();
        var window = $"w-{staff[2..]}";
        await InAsync(staff, 25, 8, 55);
        var onPost = await Attendance.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, Office);

        _time.SetUtcNow(HallFixture.HallTime(26, 8, 30).ToUniversalTime()); // Thursday morning
        var nextMorning = await Eventually.Until(
            () => Attendance.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, Office).ResponseAsync,
            s => s.StaffOnPost.Count == 0, TimeSpan.FromSeconds(20), "nobody on post on Thursday morning");
        _time.SetUtcNow(HallFixture.HallTime(26, 12, 1).ToUniversalTime()); // Wednesday has closed
        var facts = await Eventually.Until(() => FactsAsync(staff, 25),
            f => f.Any(x => x.Status == AttendanceFactStatus.Final), TimeSpan.FromSeconds(20), "Wednesday's facts final");

        Assert.Equal([staff], onPost.StaffOnPost);
        Assert.Equal(WindowState.Closed, nextMorning.State); // before service hours, nobody there
        var missing = Assert.Single(facts);
        Assert.Equal(AttendanceFactKind.MissingClockOut, missing.Kind);
        Assert.Equal(1, await PublishedAsync("MissingClockOut", staff));
        Assert.Equal(0, await PublishedAsync("StaffLeftEarly", staff));
        Assert.Empty(await DisciplineFactsAsync(staff));
    }

    [Fact]
    public async Task A_staff_members_own_punch_cannot_name_a_time_and_nothing_is_recorded()
    {
        var staff = await StaffAsync();
        var own = TestAuth.Bearer(staff, Roles.Staff);

        var backdated = await Assert.ThrowsAsync<RpcException>(() => Attendance.ClockInAsync(new ClockInRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "phone",
            PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(24, 8, 59)),
        }, own).ResponseAsync);
        var awayBackdated = await Assert.ThrowsAsync<RpcException>(() => Attendance.LeavePostAsync(new LeavePostRequest
            { StaffId = staff, At = Timestamp.FromDateTimeOffset(HallFixture.HallTime(25, 9, 0)) }, own).ResponseAsync);
        var punchesAfterRefusal = await Sql.CountAsync(Db, """SELECT count(*) FROM punches WHERE "StaffId" = $1""", staff);
        _time.Advance(TimeSpan.FromTicks(1_234_567)); // a server clock with sub-millisecond ticks, as a real one has
        var now = await Attendance.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "phone" }, own);

        Assert.Equal(StatusCode.InvalidArgument, backdated.StatusCode);
        var violation = Assert.Single(backdated.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations);
        Assert.Equal("punched_at", violation.Field);
        Assert.Contains("badge reader or kiosk", violation.Description);
        Assert.Equal(StatusCode.InvalidArgument, awayBackdated.StatusCode);
        Assert.Equal(0, punchesAfterRefusal);
        Assert.Equal((true, 61), (now.Late, now.MinutesLate)); // the server's clock: Wednesday 10:00:00.12, rounded up
        Assert.Equal(1, await Sql.CountAsync(Db, """SELECT count(*) FROM punches WHERE "StaffId" = $1""", staff));
    }
}
