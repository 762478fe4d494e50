using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>请销假 (R1.7): leave with a substitute who accepts, approved by the duty leader, never leaving a window unstaffed.</summary>
public sealed class LeaveTests(HallFixture hall) : IClassFixture<HallFixture>
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    // Registered (in unit-hr, the unit of HallAsync's a, b and c) by HallAsync.
    private static readonly Metadata DutyLeader = TestAuth.Bearer("leader-1", Roles.DutyLeader);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);

    private AttendanceService.AttendanceServiceClient Client => new(hall.Attendance.Channel);

    /// <summary>Window w with a and b rostered all week; c of the same unit at another window; x of another unit.</summary>
    private async Task<(string Window, string A, string B, string C, string X)> HallAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (w, w2, w3) = ($"w-{id}", $"w2-{id}", $"w3-{id}");
        await Client.CreateWindowAsync(new CreateWindowRequest { WindowId = w, UnitId = "unit-hr", Name = "社保 8号" }, Office);
        await Client.CreateWindowAsync(new CreateWindowRequest { WindowId = w2, UnitId = "unit-hr", Name = "社保 9号" }, Office);
        await Client.CreateWindowAsync(new CreateWindowRequest { WindowId = w3, UnitId = "unit-tax", Name = "税务 1号" }, Office);
        var (a, b, c, x) = ($"a-{id}", $"b-{id}", $"c-{id}", $"x-{id}");
        foreach (var (staff, window, unit) in new[] { (a, w, "unit-hr"), (b, w, "unit-hr"), (c, w2, "unit-hr"), (x, w3, "unit-tax") })
            await Client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staff, DisplayName = staff, UnitId = unit, WindowId = window }, Office);
        var roster = new SetRosterRequest { WindowId = w, WeekStart = "2026-11-23" };
        for (var day = 23; day <= 27; day++)
        {
            roster.Entries.Add(new RosterEntry { Date = $"2026-11-{day}", StaffId = a, Shift = Shift.FullDay });
            roster.Entries.Add(new RosterEntry { Date = $"2026-11-{day}", StaffId = b, Shift = Shift.FullDay });
        }
        await Client.SetRosterAsync(roster, Office);
        await People.LeaderAsync(Client, "leader-1", "unit-hr", StaffRole.DutyLeader);
        await People.LeaderAsync(Client, "head-1", "unit-hr", StaffRole.UnitHead, StaffRole.DutyLeader);
        return (w, a, b, c, x);
    }

    private async Task<Leave> AskAsync(string staff, string substitute, DateTimeOffset from, DateTimeOffset to,
        bool accept = true)
    {
        var leave = await Client.RequestLeaveAsync(new RequestLeaveRequest
        {
            LeaveId = Guid.NewGuid().ToString(), StaffId = staff, SubstituteStaffId = substitute, Kind = LeaveKind.Personal,
            StartsAt = Timestamp.FromDateTimeOffset(from), EndsAt = Timestamp.FromDateTimeOffset(to), Reason = "家中有事",
        }, TestAuth.Bearer(staff, Roles.Staff));
        if (accept)
            await Client.AcceptSubstitutionAsync(new AcceptSubstitutionRequest { LeaveId = leave.Leave.LeaveId }, TestAuth.Bearer(substitute, Roles.Staff));
        return leave.Leave;
    }

    [Fact]
    public async Task Nobody_decides_their_own_leave_outing_or_closure_and_nothing_is_written()
    {
        var (window, a, b, _, _) = await HallAsync();
        var leave = await AskAsync(a, b, HallFixture.HallTime(27, 9, 0), HallFixture.HallTime(27, 17, 0));
        // a is also a duty leader (and a unit head): still not for their own leave.
        await Client.SetStaffRolesAsync(new SetStaffRolesRequest { StaffId = a, Roles = { StaffRole.WindowStaff, StaffRole.DutyLeader, StaffRole.UnitHead } }, Office);
        var aAsLeader = TestAuth.Bearer(a, Roles.DutyLeader, Roles.UnitHead);
        var ownApproval = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = leave.LeaveId }, aAsLeader).ResponseAsync);
        var ownRejection = await Assert.ThrowsAsync<RpcException>(() => Client.RejectLeaveAsync(
            new RejectLeaveRequest { LeaveId = leave.LeaveId, Reason = "不批" }, aAsLeader).ResponseAsync);
        var outing = await Client.RequestGoingOutAsync(new RequestGoingOutRequest
            { OutingId = Guid.NewGuid().ToString(), StaffId = a, Minutes = 20, Reason = "取件" }, TestAuth.Bearer(a, Roles.Staff));
        var ownOuting = await Assert.ThrowsAsync<RpcException>(() => Client.ApproveGoingOutAsync(
            new ApproveGoingOutRequest { OutingId = outing.OutingId }, TestAuth.Bearer(a, Roles.DutyLeader)).ResponseAsync);
        var closure = await Client.RequestWindowClosureAsync(new RequestWindowClosureRequest
        {
            ClosureId = Guid.NewGuid().ToString(), WindowId = window, Reason = "设备检修",
            StartsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(27, 14, 0)),
            EndsAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(27, 15, 0)),
        }, TestAuth.Bearer("head-1", Roles.UnitHead, Roles.DutyLeader));
        var ownClosure = await Assert.ThrowsAsync<RpcException>(() => Client.ApproveWindowClosureAsync(
            new ApproveWindowClosureRequest { ClosureId = closure.ClosureId }, TestAuth.Bearer("head-1", Roles.UnitHead)).ResponseAsync);

        // Another person decides each of them.
        var approved = await Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = leave.LeaveId }, DutyLeader);
        var outingApproved = await Client.ApproveGoingOutAsync(new ApproveGoingOutRequest { OutingId = outing.OutingId }, DutyLeader);
        var closureApproved = await Client.ApproveWindowClosureAsync(
            new ApproveWindowClosureRequest { ClosureId = closure.ClosureId }, DutyLeader);

        Assert.All(new[] { ownApproval, ownRejection, ownOuting, ownClosure },
            e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
        Assert.Equal((LeaveStatus.Approved, "leader-1"), (approved.Leave.Status, approved.Leave.ApprovedBy));
        Assert.Equal((true, "leader-1"), (outingApproved.Approved, outingApproved.ApprovedBy));
        Assert.Equal((true, "leader-1"), (closureApproved.Approved, closureApproved.ApprovedBy));
    }

    [Fact]
    public async Task A_token_without_a_known_role_reads_no_leave()
    {
        var (_, a, b, _, _) = await HallAsync();
        var leave = await AskAsync(a, b, HallFixture.HallTime(27, 9, 0), HallFixture.HallTime(27, 12, 0));

        var noRole = await Assert.ThrowsAsync<RpcException>(() =>
            Client.GetLeaveAsync(new GetLeaveRequest { LeaveId = leave.LeaveId }, TestAuth.Bearer("someone")).ResponseAsync);
        var unknownRole = await Assert.ThrowsAsync<RpcException>(() => Client.GetLeaveAsync(
            new GetLeaveRequest { LeaveId = leave.LeaveId }, TestAuth.Bearer("someone", "visitor")).ResponseAsync);
        var organisation = await Assert.ThrowsAsync<RpcException>(() =>
            Client.GetOrganisationAsync(new GetOrganisationRequest(), TestAuth.Bearer("someone")).ResponseAsync);
        var machine = await Assert.ThrowsAsync<RpcException>(() =>
            Client.GetLeaveAsync(new GetLeaveRequest { LeaveId = leave.LeaveId }, BadgeReader).ResponseAsync);
        var own = await Client.GetLeaveAsync(new GetLeaveRequest { LeaveId = leave.LeaveId }, TestAuth.Bearer(a, Roles.Staff));

        Assert.All(new[] { noRole, unknownRole, organisation, machine },
            e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
        Assert.Equal(a, own.Leave.StaffId);
    }

    [Fact]
    public async Task A_staff_member_cannot_probe_leave_ids_unknown_and_others_look_the_same()
    {
        var (_, a, b, c, _) = await HallAsync();
        var leave = await AskAsync(a, b, HallFixture.HallTime(27, 9, 0), HallFixture.HallTime(27, 12, 0));
        var unknown = Guid.NewGuid().ToString();
        var asC = TestAuth.Bearer(c, Roles.Staff);

        async Task<(StatusCode, string)> Refusal(Func<Task> call)
        {
            var e = await Assert.ThrowsAsync<RpcException>(call);
            return (e.StatusCode, e.Status.Detail);
        }
        var others = await Refusal(() => Client.GetLeaveAsync(new GetLeaveRequest { LeaveId = leave.LeaveId }, asC).ResponseAsync);
        var missing = await Refusal(() => Client.GetLeaveAsync(new GetLeaveRequest { LeaveId = unknown }, asC).ResponseAsync);
        var cancelOthers = await Refusal(() => Client.CancelLeaveAsync(
            new CancelLeaveRequest { LeaveId = leave.LeaveId, Reason = "x" }, asC).ResponseAsync);
        var cancelMissing = await Refusal(() => Client.CancelLeaveAsync(
            new CancelLeaveRequest { LeaveId = unknown, Reason = "x" }, asC).ResponseAsync);
        var officeMissing = await Refusal(() => Client.GetLeaveAsync(new GetLeaveRequest { LeaveId = unknown }, Office).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, others.Item1);
        Assert.Equal(others, missing);
        Assert.Equal(StatusCode.PermissionDenied, cancelOthers.Item1);
        Assert.Equal(cancelOthers, cancelMissing);
        Assert.Equal(StatusCode.NotFound, officeMissing.Item1); // who may read any leave learns that it does not exist
        Assert.Equal(LeaveStatus.SubstituteAccepted,
            (await Client.GetLeaveAsync(new GetLeaveRequest { LeaveId = leave.LeaveId }, Office)).Leave.Status);
    }

    [Fact]
    public async Task Leave_for_the_windows_only_other_staff_member_is_refused()
    {
        var (window, a, b, c, _) = await HallAsync();
        var thursday = (HallFixture.HallTime(26, 9, 0), HallFixture.HallTime(26, 17, 0));

        var first = await AskAsync(a, b, thursday.Item1, thursday.Item2);
        var approved = await Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = first.LeaveId }, DutyLeader);
        var second = await AskAsync(b, a, thursday.Item1, thursday.Item2);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = second.LeaveId }, DutyLeader).ResponseAsync);
        var withStandIn = await AskAsync(b, c, thursday.Item1, thursday.Item2);
        var covered = await Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = withStandIn.LeaveId }, DutyLeader);
        var stillRefused = await Client.GetLeaveAsync(new GetLeaveRequest { LeaveId = second.LeaveId }, Office);

        Assert.Equal(LeaveStatus.Approved, approved.Leave.Status);
        Assert.Equal("leader-1", approved.Leave.ApprovedBy);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains(window, refused.Status.Detail);
        Assert.Contains("2026-11-26", refused.Status.Detail);
        Assert.Equal(LeaveStatus.SubstituteAccepted, stillRefused.Leave.Status);
        Assert.Equal(LeaveStatus.Approved, covered.Leave.Status);
        Assert.Equal(2, await Sql.CountAsync(hall.Infra.ConnectionStringOf("attendance"),
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'attendance.LeaveApproved' AND "Payload" LIKE $1""",
            $"%-{window[2..]}\"%"));
    }

    [Fact]
    public async Task Approved_leave_never_counts_as_late_early_or_away_and_excuses_only_what_it_covers()
    {
        var (_, a, b, _, _) = await HallAsync();
        // Monday morning off until 11:00 and afternoon off from 15:00; Tuesday morning off until 10:00.
        var morning = await AskAsync(a, b, HallFixture.HallTime(23, 9, 0), HallFixture.HallTime(23, 11, 0));
        var afternoon = await AskAsync(a, b, HallFixture.HallTime(23, 15, 0), HallFixture.HallTime(23, 17, 0));
        var tuesday = await AskAsync(a, b, HallFixture.HallTime(24, 9, 0), HallFixture.HallTime(24, 10, 0));
        foreach (var leave in new[] { morning, afternoon, tuesday })
            await Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = leave.LeaveId }, DutyLeader);
        Task<ClockInResponse> In(string staff, DateTimeOffset at) => Client.ClockInAsync(new ClockInRequest
            { PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "r", PunchedAt = Timestamp.FromDateTimeOffset(at) }, BadgeReader).ResponseAsync;

        var mondayIn = await In(a, HallFixture.HallTime(23, 10, 58));
        await Client.ClockOutAsync(new ClockOutRequest { PunchId = Guid.NewGuid().ToString(), StaffId = a, DeviceId = "r", PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(23, 15, 0)) }, BadgeReader);
        var bLate = await In(b, HallFixture.HallTime(23, 11, 5));
        // Back five minutes after the leave ended: five minutes late, not 65.
        var tuesdayIn = await In(a, HallFixture.HallTime(24, 10, 5));
        var monday = (await Client.ListAttendanceFactsAsync(new ListAttendanceFactsRequest { Date = "2026-11-23", StaffId = a }, DutyLeader)).Facts;

        Assert.False(mondayIn.Late);
        // Monday is closed (Tuesday 12:00 has passed): no early leave, no absence stands (the day check may have found
        // the rostered morning absent before the leave was approved; the approval withdrew it).
        Assert.DoesNotContain(monday, f => f.Status is AttendanceFactStatus.Provisional or AttendanceFactStatus.Final);
        Assert.True(bLate.Late);
        Assert.Equal(125, bLate.MinutesLate);
        Assert.Equal((true, 5), (tuesdayIn.Late, tuesdayIn.MinutesLate));
    }

    [Fact]
    public async Task The_unit_assigns_the_stand_in_and_leave_is_rejected_cancelled_or_ended_by_reporting_back()
    {
        var (_, a, b, c, x) = await HallAsync();
        var unitHead = TestAuth.Bearer("head-1", Roles.UnitHead);
        var thursday = (HallFixture.HallTime(26, 9, 0), HallFixture.HallTime(26, 17, 0));

        // R1.7 由单位负责安排人员替岗: the unit head assigns c (another window of the unit) as the stand-in.
        var asked = await AskAsync(a, b, thursday.Item1, thursday.Item2, accept: false);
        var otherUnit = await Assert.ThrowsAsync<RpcException>(() => Client.AssignSubstituteAsync(
            new AssignSubstituteRequest { LeaveId = asked.LeaveId, SubstituteStaffId = x }, unitHead).ResponseAsync);
        var staffMayNot = await Assert.ThrowsAsync<RpcException>(() => Client.AssignSubstituteAsync(
            new AssignSubstituteRequest { LeaveId = asked.LeaveId, SubstituteStaffId = c }, TestAuth.Bearer(a, Roles.Staff)).ResponseAsync);
        var assigned = await Client.AssignSubstituteAsync(new AssignSubstituteRequest { LeaveId = asked.LeaveId, SubstituteStaffId = c }, unitHead);
        var approved = await Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = asked.LeaveId }, DutyLeader);

        // Rejected with a reason, never approved afterwards.
        var friday = await AskAsync(a, b, HallFixture.HallTime(27, 9, 0), HallFixture.HallTime(27, 12, 0));
        var rejected = await Client.RejectLeaveAsync(new RejectLeaveRequest { LeaveId = friday.LeaveId, Reason = "周五窗口人手不足" }, DutyLeader);
        var approveRejected = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = friday.LeaveId }, DutyLeader).ResponseAsync);

        // Cancelled before it begins.
        var later = await AskAsync(b, a, HallFixture.HallTime(27, 14, 0), HallFixture.HallTime(27, 17, 0));
        await Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = later.LeaveId }, DutyLeader);
        var cancelled = await Client.CancelLeaveAsync(new CancelLeaveRequest { LeaveId = later.LeaveId, Reason = "事情已办完" }, TestAuth.Bearer(b, Roles.Staff));

        // 销假: today's leave (now is Wednesday 10:00) ends when a reports back; the rest of the day is owed again.
        var today = await AskAsync(a, b, HallFixture.HallTime(25, 9, 0), HallFixture.HallTime(25, 17, 0));
        await Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = today.LeaveId }, DutyLeader);
        var cancelUnderWay = await Assert.ThrowsAsync<RpcException>(() => Client.CancelLeaveAsync(
            new CancelLeaveRequest { LeaveId = today.LeaveId, Reason = "x" }, TestAuth.Bearer(a, Roles.Staff)).ResponseAsync);
        var back = await Client.ReportBackAsync(new ReportBackRequest { LeaveId = today.LeaveId }, TestAuth.Bearer(a, Roles.Staff));
        var clockIn = await Client.ClockInAsync(new ClockInRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = a, DeviceId = "r", PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(25, 10, 1)),
        }, BadgeReader);

        // The staffing check needs the week's roster: c's window has none.
        var unrostered = await AskAsync(c, a, thursday.Item1, thursday.Item2);
        var noRoster = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = unrostered.LeaveId }, DutyLeader).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, otherUnit.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, staffMayNot.StatusCode);
        Assert.Equal((c, LeaveStatus.SubstituteAccepted), (assigned.Leave.SubstituteStaffId, assigned.Leave.Status));
        Assert.Equal(LeaveStatus.Approved, approved.Leave.Status);
        Assert.Equal((LeaveStatus.Rejected, "leader-1", "周五窗口人手不足"), (rejected.Leave.Status, rejected.Leave.EndedBy, rejected.Leave.EndReason));
        Assert.Equal(StatusCode.FailedPrecondition, approveRejected.StatusCode);
        Assert.Equal(LeaveStatus.Cancelled, cancelled.Leave.Status);
        Assert.Equal(StatusCode.FailedPrecondition, cancelUnderWay.StatusCode);
        Assert.Equal(HallFixture.Now, back.Leave.EndsAt.ToDateTimeOffset());
        Assert.Equal(HallFixture.Now, back.Leave.ReportedBackAt.ToDateTimeOffset());
        Assert.Equal((true, 1), (clockIn.Late, clockIn.MinutesLate)); // owed from 10:00, when she reported back
        Assert.Equal(StatusCode.FailedPrecondition, noRoster.StatusCode);
        Assert.Contains("no roster", noRoster.Status.Detail);
    }

    [Fact]
    public async Task The_stand_in_is_on_post_at_the_window_of_the_person_on_leave()
    {
        var (window, a, b, c, _) = await HallAsync();
        // Today (Wednesday, now 10:00): a on leave all day, c (of another window of the unit) assigned to stand in.
        var leave = await AskAsync(a, b, HallFixture.HallTime(25, 9, 0), HallFixture.HallTime(25, 17, 0), accept: false);
        await Client.AssignSubstituteAsync(new AssignSubstituteRequest { LeaveId = leave.LeaveId, SubstituteStaffId = c }, TestAuth.Bearer("head-1", Roles.UnitHead));
        await Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = leave.LeaveId }, DutyLeader);

        await Client.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = c, DeviceId = "r" }, BadgeReader);
        var atTheWindow = await Client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, Office);
        var ownWindow = await Client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = $"w2-{window[2..]}" }, Office);
        await Client.ClockOutAsync(new ClockOutRequest { PunchId = Guid.NewGuid().ToString(), StaffId = c, DeviceId = "r" }, BadgeReader);
        var afterClockOut = await Client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, Office);

        Assert.Contains(c, atTheWindow.StaffOnPost);
        Assert.DoesNotContain(c, ownWindow.StaffOnPost);
        Assert.DoesNotContain(c, afterClockOut.StaffOnPost);
    }

    [Fact]
    public async Task Leave_rules_answer_with_clear_statuses()
    {
        var (_, a, b, _, x) = await HallAsync();
        var (from, to) = (HallFixture.HallTime(27, 9, 0), HallFixture.HallTime(27, 17, 0));

        var notAccepted = await AskAsync(a, b, from, to, accept: false);
        var beforeAccept = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = notAccepted.LeaveId }, DutyLeader).ResponseAsync);
        var otherAccepts = await Assert.ThrowsAsync<RpcException>(() =>
            Client.AcceptSubstitutionAsync(new AcceptSubstitutionRequest { LeaveId = notAccepted.LeaveId }, TestAuth.Bearer(x, Roles.Staff)).ResponseAsync);
        var otherUnit = await Assert.ThrowsAsync<RpcException>(() => AskAsync(a, x, from, to, accept: false));
        var forSomeoneElse = await Assert.ThrowsAsync<RpcException>(() => Client.RequestLeaveAsync(new RequestLeaveRequest
        {
            LeaveId = Guid.NewGuid().ToString(), StaffId = a, SubstituteStaffId = b, Kind = LeaveKind.Sick, Reason = "x",
            StartsAt = Timestamp.FromDateTimeOffset(from), EndsAt = Timestamp.FromDateTimeOffset(to),
        }, TestAuth.Bearer(b, Roles.Staff)).ResponseAsync);
        var backwards = await Assert.ThrowsAsync<RpcException>(() => AskAsync(a, b, to, from, accept: false));
        var staffCannotApprove = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ApproveLeaveAsync(new ApproveLeaveRequest { LeaveId = notAccepted.LeaveId }, TestAuth.Bearer(b, Roles.Staff)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, beforeAccept.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, otherAccepts.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, otherUnit.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, forSomeoneElse.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, backwards.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, staffCannotApprove.StatusCode);
    }
}
