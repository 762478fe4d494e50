using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// 外出 and 脱岗 (R1.7): time away from the window without an approved outing past 15 minutes of owed working time is
/// found at once (provisional), published once when the day closes, and discipline counts it with the week's late
/// arrivals (R1.8); an approved outing that overruns is its own fact.
/// </summary>
public sealed class OffPostTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata Sensor = TestAuth.Bearer("sensor-1", Roles.System);
    private static readonly Metadata DutyLeader = TestAuth.Bearer("leader-1", Roles.DutyLeader);
    private InfrastructureFixture _scope = null!;
    private readonly FakeTimeProvider _time = new(HallFixture.Now.ToUniversalTime()); // Wednesday 10:00
    private ServiceApp _attendance = null!;
    private ServiceApp _discipline = null!;

    private string Db => _scope.ConnectionStringOf("attendance");

    private AttendanceService.AttendanceServiceClient Client => new(_attendance.Channel);

    public async ValueTask InitializeAsync()
    {
        _scope = await infra.ScopeAsync("offpost");
        _attendance = await ServiceApp.StartAttendanceAsync(_scope, _time, settings: new Dictionary<string, string?>
            {
                ["Attendance:DayCheckInterval"] = "00:00:00.200", ["Attendance:FactSettleTime"] = "00:00:00",
            });
        _discipline = await ServiceApp.StartDisciplineAsync(_scope, _time);
    }

    public async ValueTask DisposeAsync()
    {
        await _attendance.DisposeAsync();
        await _discipline.DisposeAsync();
    }

    private async Task<string> StaffAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        await Client.CreateWindowAsync(new CreateWindowRequest { WindowId = $"w-{id}", UnitId = "u1", Name = "医保 6号" }, Office);
        await Client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = $"s-{id}", DisplayName = "x", UnitId = "u1", WindowId = $"w-{id}" }, Office);
        await People.LeaderAsync(Client, "leader-1", "u1", StaffRole.DutyLeader); // the DutyLeader token
        return $"s-{id}";
    }

    private Task<long> EventsAsync(string type, string staffId) => Sql.CountAsync(Db,
        """SELECT count(*) FROM outbox_messages WHERE "EventType" = $1 AND "Payload" LIKE $2""", type, $"%\"{staffId}\"%");

    private Task<ClockInResponse> ClockInAsync(string staffId, DateTimeOffset at) => Client.ClockInAsync(new ClockInRequest
    {
        PunchId = Guid.NewGuid().ToString(), StaffId = staffId, DeviceId = "r1", PunchedAt = Timestamp.FromDateTimeOffset(at),
    }, Sensor).ResponseAsync;

    private async Task<IReadOnlyList<AttendanceFact>> FactsAsync(string staffId, int day = 25) =>
        (await Client.ListAttendanceFactsAsync(new ListAttendanceFactsRequest { Date = $"2026-11-{day}", StaffId = staffId },
            DutyLeader)).Facts;

    /// <summary>Thursday 12:01: Wednesday's close has passed.</summary>
    private void CloseWednesday() => _time.SetUtcNow(HallFixture.HallTime(26, 12, 1).ToUniversalTime());

    private async Task<GoingOutResponse> ApprovedOutingAsync(string staffId, int minutes)
    {
        var outing = await Client.RequestGoingOutAsync(new RequestGoingOutRequest
        {
            OutingId = Guid.NewGuid().ToString(), StaffId = staffId, Minutes = minutes, Reason = "送材料到档案室",
        }, TestAuth.Bearer(staffId, Roles.Staff));
        return await Client.ApproveGoingOutAsync(new ApproveGoingOutRequest { OutingId = outing.OutingId }, DutyLeader);
    }

    [Fact]
    public async Task Unapproved_time_away_past_the_threshold_is_off_post_at_once_published_once_when_the_day_closes()
    {
        var staffId = await StaffAsync();
        await ClockInAsync(staffId, HallFixture.HallTime(23, 9, 25)); // Monday, late: a closed day
        await ClockInAsync(staffId, HallFixture.HallTime(25, 8, 55)); // Wednesday, on time

        var left = await Client.LeavePostAsync(new LeavePostRequest { StaffId = staffId }, Sensor);
        _time.Advance(TimeSpan.FromMinutes(14));
        await Task.Delay(TimeSpan.FromSeconds(1)); // several checks within the threshold
        var withinThreshold = await FactsAsync(staffId);
        _time.Advance(TimeSpan.FromMinutes(6));
        var offPost = await Eventually.Until(() => FactsAsync(staffId), f => f.Any(x => x.Kind == AttendanceFactKind.OffPost),
            TimeSpan.FromSeconds(20), "off post, provisional");
        var back = await Client.ReturnToPostAsync(new ReturnToPostRequest { StaffId = staffId }, Sensor);
        var publishedBeforeClosing = await EventsAsync("attendance.StaffOffPost", staffId);
        CloseWednesday();
        await Eventually.Until(() => EventsAsync("attendance.StaffOffPost", staffId), n => n >= 1,
            TimeSpan.FromSeconds(20), "StaffOffPost once Wednesday closed");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.False(left.UnderApprovedOuting);
        Assert.Equal(15, left.AllowedMinutes);
        Assert.Empty(withinThreshold);
        var fact = Assert.Single(offPost);
        Assert.Equal((AttendanceFactStatus.Provisional, 20, DaySession.Morning), (fact.Status, fact.Minutes, fact.Session));
        Assert.Contains("off post after 15 min away", fact.JudgedBy);
        Assert.Equal(0, publishedBeforeClosing);
        Assert.Equal(1, await EventsAsync("attendance.StaffOffPost", staffId));
        Assert.NotNull(back.ReturnedAt);
        var closed = await FactsAsync(staffId);
        Assert.Equal(AttendanceFactStatus.Final, closed.Single(f => f.Kind == AttendanceFactKind.OffPost).Status);
        var sanctions = await Eventually.Until(async () => (await new DisciplineService.DisciplineServiceClient(_discipline.Channel)
                .ListSanctionsAsync(new ListSanctionsRequest { StaffId = staffId }, TestAuth.Bearer("d-1", Roles.DisciplineOffice))).Sanctions,
            s => s.Count == 1, TimeSpan.FromSeconds(30), "criticism for a late arrival and an off-post in one week");
        Assert.Equal(ServiceHall.Discipline.V1.SanctionKind.CirculatedCriticism, sanctions[0].Kind);
    }

    [Fact]
    public async Task An_approved_outing_is_a_fact_only_when_it_overruns()
    {
        var (withinTime, overrunning) = (await StaffAsync(), await StaffAsync());
        await ClockInAsync(withinTime, HallFixture.HallTime(25, 8, 55));
        await ClockInAsync(overrunning, HallFixture.HallTime(25, 8, 55));
        var shortOuting = await ApprovedOutingAsync(overrunning, 10);
        var longOuting = await ApprovedOutingAsync(withinTime, 30);

        var away = await Client.LeavePostAsync(new LeavePostRequest { StaffId = overrunning, OutingId = shortOuting.OutingId }, Sensor);
        await Client.LeavePostAsync(new LeavePostRequest { StaffId = withinTime, OutingId = longOuting.OutingId }, Sensor);
        _time.Advance(TimeSpan.FromMinutes(20));
        await Client.ReturnToPostAsync(new ReturnToPostRequest { StaffId = withinTime }, Sensor);
        await Client.ReturnToPostAsync(new ReturnToPostRequest { StaffId = overrunning }, Sensor);
        CloseWednesday();
        await Eventually.Until(() => EventsAsync("attendance.OutingOverran", overrunning), n => n >= 1,
            TimeSpan.FromSeconds(20), "OutingOverran");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.True(away.UnderApprovedOuting);
        Assert.Equal(10, away.AllowedMinutes);
        Assert.Equal(1, await EventsAsync("attendance.OutingOverran", overrunning));
        Assert.Equal(10, (await FactsAsync(overrunning)).Single(f => f.Kind == AttendanceFactKind.OutingOverran).Minutes);
        Assert.Equal(0, await EventsAsync("attendance.StaffOffPost", overrunning));
        Assert.Equal(0, await EventsAsync("attendance.OutingOverran", withinTime));
        Assert.Equal(0, await EventsAsync("attendance.StaffOffPost", withinTime));
    }

    [Fact]
    public async Task The_last_staff_member_leaving_a_window_in_service_hours_raises_WindowUnstaffed_at_once()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var (window, a, b) = ($"w-{id}", $"a-{id}", $"b-{id}");
        await Client.CreateWindowAsync(new CreateWindowRequest { WindowId = window, UnitId = "u1", Name = "公安 2号" }, Office);
        foreach (var staff in new[] { a, b })
        {
            await Client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = staff, DisplayName = staff, UnitId = "u1", WindowId = window }, Office);
            await Client.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = staff, DeviceId = "r1" }, Sensor);
        }
        Task<long> Unstaffed() => Sql.CountAsync(Db,
            """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'attendance.WindowUnstaffed' AND "Payload" LIKE $1""",
            $"%\"{window}\"%");

        await Client.LeavePostAsync(new LeavePostRequest { StaffId = a }, Sensor);
        var oneLeft = await Unstaffed();
        await Client.LeavePostAsync(new LeavePostRequest { StaffId = b }, Sensor);
        var noneLeft = await Unstaffed();
        var status = await Client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, Office);

        Assert.Equal(0, oneLeft);
        Assert.Equal(1, noneLeft);
        Assert.Equal(WindowState.Unstaffed, status.State);
    }

    [Fact]
    public async Task Returning_without_having_left_and_someone_elses_outing_are_refused()
    {
        var (staffId, other) = (await StaffAsync(), await StaffAsync());
        var othersOuting = await ApprovedOutingAsync(other, 10);

        var notAway = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ReturnToPostAsync(new ReturnToPostRequest { StaffId = staffId }, Sensor).ResponseAsync);
        var notYours = await Assert.ThrowsAsync<RpcException>(() =>
            Client.LeavePostAsync(new LeavePostRequest { StaffId = staffId, OutingId = othersOuting.OutingId }, Sensor).ResponseAsync);
        var staffApproves = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ApproveGoingOutAsync(new ApproveGoingOutRequest { OutingId = othersOuting.OutingId }, TestAuth.Bearer(other, Roles.Staff)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, notAway.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, notYours.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, staffApproves.StatusCode);
    }
}
