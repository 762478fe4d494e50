using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using ServiceHall.Attendance.V1;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;
using StackExchange.Redis;

namespace ServiceHall.IntegrationTests;

/// <summary>The attendance story over gRPC, with discipline reacting over the real RabbitMQ.</summary>
public sealed class ClockingTests(HallFixture hall) : IClassFixture<HallFixture>
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata BadgeReader = TestAuth.Bearer("reader-1", Roles.System);
    private static readonly Metadata DisciplineOffice = TestAuth.Bearer("d-1", Roles.DisciplineOffice);

    private AttendanceService.AttendanceServiceClient Attendance => new(hall.Attendance.Channel);

    private DisciplineService.DisciplineServiceClient Discipline => new(hall.Discipline.Channel);

    private string AttendanceDb => hall.Infra.ConnectionStringOf("attendance");

    private async Task<(string WindowId, string StaffId)> NewStaffAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10];
        var windowId = $"w-{suffix}";
        var staffId = $"s-{suffix}";
        await Attendance.CreateWindowAsync(
            new CreateWindowRequest { WindowId = windowId, UnitId = "unit-hr", Name = "社保登记 7号窗口" }, Office);
        await Attendance.RegisterStaffAsync(new RegisterStaffRequest
        {
            StaffId = staffId, DisplayName = "王芳", UnitId = "unit-hr", WindowId = windowId,
        }, Office);
        return (windowId, staffId);
    }

    private Task<ClockInResponse> ClockInAsync(string staffId, DateTimeOffset at, string? punchId = null) =>
        Attendance.ClockInAsync(new ClockInRequest
        {
            PunchId = punchId ?? Guid.NewGuid().ToString(), StaffId = staffId, DeviceId = "reader-1",
            PunchedAt = Timestamp.FromDateTimeOffset(at),
        }, BadgeReader).ResponseAsync;

    private Task<ClockOutResponse> ClockOutAsync(string staffId, DateTimeOffset at) =>
        Attendance.ClockOutAsync(new ClockOutRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = staffId, DeviceId = "reader-1",
            PunchedAt = Timestamp.FromDateTimeOffset(at),
        }, BadgeReader).ResponseAsync;

    private async Task<IReadOnlyList<Sanction>> R18SanctionsAsync(string staffId) =>
        [.. (await SanctionsAsync(staffId)).Where(s => s.RuleVersion == "R1.8/v1")];

    private async Task<IReadOnlyList<Sanction>> SanctionsAsync(string staffId) =>
        (await Discipline.ListSanctionsAsync(new ListSanctionsRequest { StaffId = staffId }, DisciplineOffice))
        .Sanctions.ToList();

    [Fact]
    public async Task Late_arrival_is_reported_with_minutes_rounded_up()
    {
        var (_, staffId) = await NewStaffAsync();

        var late = await ClockInAsync(staffId, HallFixture.HallTime(23, 9, 12).AddSeconds(30));
        var onTime = await ClockInAsync((await NewStaffAsync()).StaffId, HallFixture.HallTime(23, 8, 59));

        Assert.True(late.Late);
        Assert.Equal(13, late.MinutesLate);
        Assert.False(onTime.Late);
        Assert.Equal(0, onTime.MinutesLate);
    }

    [Fact]
    public async Task Two_lates_and_an_early_leave_in_one_week_issue_criticism_and_revoke_award_eligibility_once()
    {
        var (_, staffId) = await NewStaffAsync();

        // Monday (closed since Tuesday 12:00): late in the morning, back from lunch late, gone at 16:30.
        await ClockInAsync(staffId, HallFixture.HallTime(23, 9, 20));
        var afterOne = await Discipline.GetStandingAsync(new GetStandingRequest { StaffId = staffId }, DisciplineOffice);
        await ClockOutAsync(staffId, HallFixture.HallTime(23, 12, 0));
        var backFromLunch = await ClockInAsync(staffId, HallFixture.HallTime(23, 13, 5));
        var early = await ClockOutAsync(staffId, HallFixture.HallTime(23, 16, 30));

        Assert.Equal((true, 5), (backFromLunch.Late, backFromLunch.MinutesLate));
        Assert.False(early.LeftEarly); // never judged at the punch: the day's last clock-out, known at the close
        var sanctions = await Eventually.Until(() => R18SanctionsAsync(staffId), s => s.Count >= 2,
            what: "two sanctions");
        Assert.Single(sanctions, s => s.Kind == SanctionKind.CirculatedCriticism);
        Assert.Single(sanctions, s => s.Kind == SanctionKind.AwardEligibilityRevoked);
        var criticism = sanctions.Single(s => s.Kind == SanctionKind.CirculatedCriticism);
        Assert.Equal("2026-11-23", criticism.WeekStart);
        Assert.Equal("R1.8/v1", criticism.RuleVersion);
        Assert.Equal(2, criticism.EvidenceEventIds.Count);
        Assert.Equal(3, sanctions.Single(s => s.Kind == SanctionKind.AwardEligibilityRevoked).EvidenceEventIds.Count);
        var standing = await Discipline.GetStandingAsync(new GetStandingRequest { StaffId = staffId }, DisciplineOffice);
        Assert.True(afterOne.AwardEligible);
        Assert.False(standing.AwardEligible);
        Assert.Equal(2026, standing.Year);
        Assert.Equal(3, standing.ViolationsThisWeek);
    }

    [Fact]
    public async Task Redelivered_events_change_nothing_in_discipline()
    {
        var (_, staffId) = await NewStaffAsync();
        // Monday (closed): late in the morning and after lunch, gone at 16:00: three facts.
        await ClockInAsync(staffId, HallFixture.HallTime(23, 9, 30));
        await ClockOutAsync(staffId, HallFixture.HallTime(23, 12, 0));
        await ClockInAsync(staffId, HallFixture.HallTime(23, 13, 30));
        await ClockOutAsync(staffId, HallFixture.HallTime(23, 16, 0));
        // R1.8's two sanctions on the 23rd's facts (other days may bring absence proposals as the shared clock moves;
        // they rest on other facts and are not what a redelivery could double).
        var before = await Eventually.Until(() => R18SanctionsAsync(staffId), s => s.Count == 2, what: "two sanctions");
        // The relay marks a batch sent after publishing all of it: consumers may be quicker than the marking.
        await Eventually.Until(() => Sql.CountAsync(AttendanceDb,
                """SELECT count(*) FROM outbox_messages WHERE "Payload" LIKE $1 AND "SentAt" IS NULL""", $"%\"{staffId}\"%"),
            n => n == 0, what: "every event of the staff member to be marked sent");
        var sentOnce = await Sql.CountAsync(AttendanceDb,
            """SELECT count(*) FROM outbox_messages WHERE "Payload" LIKE $1 AND "SentAt" IS NOT NULL""",
            $"%\"{staffId}\"%");

        // Force the relay to publish every event of this staff member again, through the real broker.
        var reset = await Sql.ExecuteAsync(AttendanceDb,
            """UPDATE outbox_messages SET "SentAt" = NULL WHERE "Payload" LIKE $1""", $"%\"{staffId}\"%");
        await Eventually.Until(() => Sql.CountAsync(AttendanceDb,
                """SELECT count(*) FROM outbox_messages WHERE "Payload" LIKE $1 AND "SentAt" IS NOT NULL AND "Attempts" = 2""",
                $"%\"{staffId}\"%"),
            n => n == reset, what: "the events to be published a second time");
        await Eventually.Until(() => Sql.CountAsync(hall.Infra.ConnectionStringOf("discipline"),
                """SELECT count(*) FROM inbox_messages i JOIN attendance_violations v ON v."EventId" = i."EventId" WHERE v."StaffId" = $1 AND v."WithdrawnAt" IS NULL""",
                staffId),
            n => n == 3, what: "the inbox to hold the three events");

        var after = await R18SanctionsAsync(staffId);
        Assert.Equal(sentOnce, reset);
        Assert.True(reset >= 6, $"expected clock-ins, lates and window changes in the outbox, found {reset}");
        Assert.Equal(before.Select(s => s.SanctionId).Order(), after.Select(s => s.SanctionId).Order());
        var standing = await Discipline.GetStandingAsync(new GetStandingRequest { StaffId = staffId }, DisciplineOffice);
        Assert.Equal(3, standing.ViolationsThisWeek);
    }

    [Fact]
    public async Task A_repeated_punch_id_returns_the_original_result_and_records_nothing_new()
    {
        var (_, staffId) = await NewStaffAsync();
        var punchId = Guid.NewGuid().ToString();
        var first = await ClockInAsync(staffId, HallFixture.HallTime(25, 9, 10), punchId);
        var outboxBefore = await Sql.CountAsync(AttendanceDb,
            """SELECT count(*) FROM outbox_messages WHERE "Payload" LIKE $1""", $"%\"{staffId}\"%");

        var again = await ClockInAsync(staffId, HallFixture.HallTime(25, 9, 10), punchId);
        var laterTime = await ClockInAsync(staffId, HallFixture.HallTime(25, 9, 50), punchId);

        Assert.Equal(first, again);
        Assert.Equal(first, laterTime);
        Assert.Equal(1, await Sql.CountAsync(AttendanceDb, """SELECT count(*) FROM punches WHERE "StaffId" = $1""", staffId));
        Assert.Equal(outboxBefore, await Sql.CountAsync(AttendanceDb,
            """SELECT count(*) FROM outbox_messages WHERE "Payload" LIKE $1""", $"%\"{staffId}\"%"));
        var otherStaff = (await NewStaffAsync()).StaffId;
        var conflict = await Assert.ThrowsAsync<RpcException>(() => ClockInAsync(otherStaff, HallFixture.HallTime(25, 9, 10), punchId));
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
    }

    [Fact]
    public async Task Punch_times_too_far_back_or_ahead_are_refused_with_field_details()
    {
        var (_, staffId) = await NewStaffAsync();

        var tooOld = await Assert.ThrowsAsync<RpcException>(() =>
            ClockInAsync(staffId, HallFixture.Now.AddDays(-7).AddMinutes(-1)));
        var ahead = await Assert.ThrowsAsync<RpcException>(() =>
            ClockInAsync(staffId, HallFixture.Now.AddMinutes(3)));
        var slightlyAhead = await ClockInAsync(staffId, HallFixture.Now.AddMinutes(1));
        var blank = await Assert.ThrowsAsync<RpcException>(() => Attendance.ClockInAsync(
            new ClockInRequest { StaffId = "", PunchId = "", DeviceId = "x" }, BadgeReader).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, tooOld.StatusCode);
        Assert.Equal("punched_at", Assert.Single(FieldViolations(tooOld)).Field);
        Assert.Equal(StatusCode.InvalidArgument, ahead.StatusCode);
        Assert.Contains("ahead of the server clock", Assert.Single(FieldViolations(ahead)).Description);
        Assert.NotEmpty(slightlyAhead.RecordId);
        Assert.Equal(["punch_id", "staff_id"], FieldViolations(blank).Select(v => v.Field).Order());
        Assert.Equal(0, await Sql.CountAsync(AttendanceDb,
            """SELECT count(*) FROM punches WHERE "StaffId" = $1 AND "PunchedAt" < $2""", staffId,
            HallFixture.Now.AddDays(-7).UtcDateTime));
    }

    [Fact]
    public async Task Unknown_staff_and_windows_are_not_found_and_duplicates_already_exist()
    {
        var (windowId, staffId) = await NewStaffAsync();

        var unknownStaff = await Assert.ThrowsAsync<RpcException>(() => ClockInAsync("nobody-" + Guid.NewGuid().ToString("N")[..8], HallFixture.Now));
        var unknownWindow = await Assert.ThrowsAsync<RpcException>(() => Attendance.GetWindowStatusAsync(
            new GetWindowStatusRequest { WindowId = "no-such-window" }, Office).ResponseAsync);
        var window = await Assert.ThrowsAsync<RpcException>(() => Attendance.CreateWindowAsync(
            new CreateWindowRequest { WindowId = windowId, UnitId = "unit-hr", Name = "again" }, Office).ResponseAsync);
        var staff = await Assert.ThrowsAsync<RpcException>(() => Attendance.RegisterStaffAsync(
            new RegisterStaffRequest { StaffId = staffId, DisplayName = "x", UnitId = "unit-hr", WindowId = windowId },
            Office).ResponseAsync);
        var otherUnit = await Assert.ThrowsAsync<RpcException>(() => Attendance.RegisterStaffAsync(
            new RegisterStaffRequest { StaffId = "s-new-" + Guid.NewGuid().ToString("N")[..6], DisplayName = "x", UnitId = "unit-tax", WindowId = windowId },
            Office).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, unknownStaff.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknownWindow.StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, window.StatusCode);
        Assert.Equal(StatusCode.AlreadyExists, staff.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, otherUnit.StatusCode);
    }

    [Fact]
    public async Task Calls_need_a_token_and_a_role()
    {
        var (_, staffId) = await NewStaffAsync();
        var request = new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = staffId, DeviceId = "kiosk" };

        var noToken = await Assert.ThrowsAsync<RpcException>(() => Attendance.ClockInAsync(request).ResponseAsync);
        var badToken = await Assert.ThrowsAsync<RpcException>(() => Attendance.ClockInAsync(request,
            new Metadata { { "Authorization", "Bearer " + TokenIssuer.Issue(new string('k', 40), "x", [Roles.System], TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(1)) } }).ResponseAsync);
        var wrongRole = await Assert.ThrowsAsync<RpcException>(() =>
            Attendance.ClockInAsync(request, TestAuth.Bearer("leader", Roles.BureauLeader)).ResponseAsync);
        var someoneElse = await Assert.ThrowsAsync<RpcException>(() =>
            Attendance.ClockInAsync(request, TestAuth.Bearer("s-other", Roles.Staff)).ResponseAsync);
        var staffCannotCreate = await Assert.ThrowsAsync<RpcException>(() => Attendance.CreateWindowAsync(
            new CreateWindowRequest { WindowId = "w-x", UnitId = "u", Name = "n" }, TestAuth.Bearer(staffId, Roles.Staff)).ResponseAsync);
        var staffCannotReadOthers = await Assert.ThrowsAsync<RpcException>(() => Discipline.ListSanctionsAsync(
            new ListSanctionsRequest { StaffId = "s-other" }, TestAuth.Bearer(staffId, Roles.Staff)).ResponseAsync);
        var self = await Attendance.ClockInAsync(request, TestAuth.Bearer(staffId, Roles.Staff));
        var ownSanctions = await Discipline.ListSanctionsAsync(new ListSanctionsRequest { StaffId = staffId },
            TestAuth.Bearer(staffId, Roles.Staff));

        Assert.Equal(StatusCode.Unauthenticated, noToken.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, badToken.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, wrongRole.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, someoneElse.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, staffCannotCreate.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, staffCannotReadOthers.StatusCode);
        Assert.NotEmpty(self.RecordId);
        Assert.Empty(ownSanctions.Sanctions);
    }

    [Fact]
    public async Task Clock_in_and_out_today_update_the_live_window_status_in_redis()
    {
        var (windowId, staffId) = await NewStaffAsync();
        var closed = await Attendance.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = windowId }, Office);

        await ClockInAsync(staffId, HallFixture.Now.AddMinutes(-20));
        var open = await Attendance.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = windowId }, Office);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(hall.Infra.Redis.ConnectionString());
        var cached = (string?)await redis.GetDatabase().StringGetAsync($"{hall.Infra.RedisPrefix}:attendance:window:{windowId}");
        await ClockOutAsync(staffId, HallFixture.Now.AddMinutes(-1));
        var closedAgain = await Attendance.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = windowId }, Office);

        Assert.Equal(WindowState.Unstaffed, closed.State); // service hours, nobody on post
        Assert.Empty(closed.StaffOnPost);
        Assert.Equal(WindowState.Open, open.State);
        Assert.Equal([staffId], open.StaffOnPost);
        Assert.NotNull(cached);
        Assert.Contains(staffId, cached);
        Assert.DoesNotContain("王芳", cached);
        Assert.Equal(WindowState.Unstaffed, closedAgain.State);
        Assert.Empty(closedAgain.StaffOnPost);
    }

    private static List<BadRequest.Types.FieldViolation> FieldViolations(RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.ToList() ?? [];
}
