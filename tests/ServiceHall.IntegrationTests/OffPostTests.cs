using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ServiceHall.Attendance.V1;
using ServiceHall.Discipline.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>
/// 外出 and 脱岗 (R1.7): time away from the window without an approved outing past 15 minutes is reported once, an
/// approved outing that overruns is reported once, and discipline counts off post with the week's late arrivals (R1.8).
/// </summary>
public sealed class OffPostTests(InfrastructureFixture infra) : IAsyncLifetime
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata Sensor = TestAuth.Bearer("sensor-1", Roles.System);
    private static readonly Metadata DutyLeader = TestAuth.Bearer("leader-1", Roles.DutyLeader);
    private readonly string _database = "servicehall_attendance_offpost_" + Guid.NewGuid().ToString("N")[..6];
    private readonly FakeTimeProvider _time = new(HallFixture.Now.ToUniversalTime()); // Wednesday 10:00
    private ServiceApp _attendance = null!;
    private ServiceApp _discipline = null!;

    private string Db => infra.Postgres.ConnectionString(_database);

    private AttendanceService.AttendanceServiceClient Client => new(_attendance.Channel);

    public async ValueTask InitializeAsync()
    {
        _attendance = await ServiceApp.StartAttendanceAsync(infra, _time, database: _database,
            settings: new Dictionary<string, string?> { ["Attendance:OffPostCheckInterval"] = "00:00:00.200" });
        _discipline = await ServiceApp.StartDisciplineAsync(infra, _time);
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
        return $"s-{id}";
    }

    private Task<long> EventsAsync(string type, string staffId) => Sql.CountAsync(Db,
        """SELECT count(*) FROM outbox_messages WHERE "EventType" = $1 AND "Payload" LIKE $2""", type, $"%\"{staffId}\"%");

    private async Task<GoingOutResponse> ApprovedOutingAsync(string staffId, int minutes)
    {
        var outing = await Client.RequestGoingOutAsync(new RequestGoingOutRequest
        {
            OutingId = Guid.NewGuid().ToString(), StaffId = staffId, Minutes = minutes, Reason = "送材料到档案室",
        }, TestAuth.Bearer(staffId, Roles.Staff));
        return await Client.ApproveGoingOutAsync(new ApproveGoingOutRequest { OutingId = outing.OutingId }, DutyLeader);
    }

    [Fact]
    public async Task An_unapproved_twenty_minute_outing_raises_StaffOffPost_exactly_once_and_counts_for_the_week()
    {
        var staffId = await StaffAsync();
        await Client.ClockInAsync(new ClockInRequest
        {
            PunchId = Guid.NewGuid().ToString(), StaffId = staffId, DeviceId = "r1",
            PunchedAt = Timestamp.FromDateTimeOffset(HallFixture.HallTime(23, 9, 25)),
        }, Sensor);

        var left = await Client.LeavePostAsync(new LeavePostRequest { StaffId = staffId }, Sensor);
        _time.Advance(TimeSpan.FromMinutes(14));
        await Task.Delay(TimeSpan.FromSeconds(1)); // several checks within the threshold
        var withinThreshold = await EventsAsync("attendance.StaffOffPost", staffId);
        _time.Advance(TimeSpan.FromMinutes(6));
        await Eventually.Until(() => EventsAsync("attendance.StaffOffPost", staffId), n => n >= 1,
            TimeSpan.FromSeconds(20), "StaffOffPost");
        var back = await Client.ReturnToPostAsync(new ReturnToPostRequest { StaffId = staffId }, Sensor);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.False(left.UnderApprovedOuting);
        Assert.Equal(15, left.AllowedMinutes);
        Assert.Equal(0, withinThreshold);
        Assert.Equal(1, await EventsAsync("attendance.StaffOffPost", staffId));
        Assert.NotNull(back.ReturnedAt);
        var sanctions = await Eventually.Until(async () => (await new DisciplineService.DisciplineServiceClient(_discipline.Channel)
                .ListSanctionsAsync(new ListSanctionsRequest { StaffId = staffId }, TestAuth.Bearer("d-1", Roles.DisciplineOffice))).Sanctions,
            s => s.Count == 1, TimeSpan.FromSeconds(30), "criticism for a late arrival and an off-post in one week");
        Assert.Equal(ServiceHall.Discipline.V1.SanctionKind.CirculatedCriticism, sanctions[0].Kind);
    }

    [Fact]
    public async Task An_approved_outing_is_reported_only_when_it_overruns()
    {
        var (withinTime, overrunning) = (await StaffAsync(), await StaffAsync());
        var shortOuting = await ApprovedOutingAsync(overrunning, 10);
        var longOuting = await ApprovedOutingAsync(withinTime, 30);

        var away = await Client.LeavePostAsync(new LeavePostRequest { StaffId = overrunning, OutingId = shortOuting.OutingId }, Sensor);
        await Client.LeavePostAsync(new LeavePostRequest { StaffId = withinTime, OutingId = longOuting.OutingId }, Sensor);
        _time.Advance(TimeSpan.FromMinutes(20));
        await Client.ReturnToPostAsync(new ReturnToPostRequest { StaffId = withinTime }, Sensor);
        await Eventually.Until(() => EventsAsync("attendance.OutingOverran", overrunning), n => n >= 1,
            TimeSpan.FromSeconds(20), "OutingOverran");
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.True(away.UnderApprovedOuting);
        Assert.Equal(10, away.AllowedMinutes);
        Assert.Equal(1, await EventsAsync("attendance.OutingOverran", overrunning));
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
