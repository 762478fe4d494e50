using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>A16 "不得私自关闭窗口": closing a window in service hours needs a reason and an approved closure.</summary>
public sealed class WindowClosureTests(HallFixture hall) : IClassFixture<HallFixture>
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);
    private static readonly Metadata DutyLeader = TestAuth.Bearer("leader-1", Roles.DutyLeader);

    private AttendanceService.AttendanceServiceClient Client => new(hall.Attendance.Channel);

    private string Db => hall.Infra.ConnectionStringOf("attendance");

    private async Task<(string Window, Metadata Staff)> OpenWindowAsync()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        await Client.CreateWindowAsync(new CreateWindowRequest { WindowId = $"w-{id}", UnitId = "u1", Name = "民政 3号" }, Office);
        await Client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = $"s-{id}", DisplayName = "x", UnitId = "u1", WindowId = $"w-{id}" }, Office);
        await People.LeaderAsync(Client, "leader-1", "u1", StaffRole.DutyLeader); // the DutyLeader token
        var staff = TestAuth.Bearer($"s-{id}", Roles.Staff);
        await Client.ClockInAsync(new ClockInRequest { PunchId = Guid.NewGuid().ToString(), StaffId = $"s-{id}", DeviceId = "k" }, staff);
        return ($"w-{id}", staff);
    }

    private Task<long> UnapprovedClosuresAsync(string window) => Sql.CountAsync(Db,
        """SELECT count(*) FROM outbox_messages WHERE "EventType" = 'attendance.WindowClosedWithoutApproval' AND "Payload" LIKE $1""",
        $"%\"{window}\"%");

    [Fact]
    public async Task Closing_a_window_in_service_hours_without_approval_is_reported_once_and_shown_on_the_wall()
    {
        var (window, staff) = await OpenWindowAsync();

        var closed = await Client.CloseWindowAsync(new CloseWindowRequest { WindowId = window, Reason = "系统故障" }, staff);
        var again = await Client.CloseWindowAsync(new CloseWindowRequest { WindowId = window, Reason = "系统故障" }, staff);
        var status = await Client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, Office);
        await Client.OpenWindowAsync(new OpenWindowRequest { WindowId = window }, staff);
        var reopened = await Client.GetWindowStatusAsync(new GetWindowStatusRequest { WindowId = window }, Office);

        Assert.False(closed.Approved);
        Assert.False(again.Approved);
        Assert.Equal(1, await UnapprovedClosuresAsync(window));
        Assert.Equal(WindowState.Closed, status.State);
        Assert.Equal("系统故障", status.ClosedReason);
        Assert.Single(status.StaffOnPost);
        // Open again with the staff member still on post (this class's scope is its own: no other clock ends posts here).
        Assert.Equal(WindowState.Open, reopened.State);
        Assert.Equal("", reopened.ClosedReason);
    }

    [Fact]
    public async Task An_approved_closure_closes_the_window_without_a_report()
    {
        var (window, staff) = await OpenWindowAsync();
        var request = new RequestWindowClosureRequest
        {
            ClosureId = Guid.NewGuid().ToString(), WindowId = window, Reason = "业务培训",
            StartsAt = Timestamp.FromDateTimeOffset(HallFixture.Now.AddMinutes(-5)),
            EndsAt = Timestamp.FromDateTimeOffset(HallFixture.Now.AddHours(1)),
        };

        var asked = await Client.RequestWindowClosureAsync(request, staff);
        var unapprovedYet = await Assert.ThrowsAsync<RpcException>(() =>
            Client.ApproveWindowClosureAsync(new ApproveWindowClosureRequest { ClosureId = asked.ClosureId }, staff).ResponseAsync);
        var approved = await Client.ApproveWindowClosureAsync(new ApproveWindowClosureRequest { ClosureId = asked.ClosureId }, DutyLeader);
        var closed = await Client.CloseWindowAsync(new CloseWindowRequest { WindowId = window, Reason = "业务培训" }, staff);

        Assert.False(asked.Approved);
        Assert.Equal(StatusCode.PermissionDenied, unapprovedYet.StatusCode);
        Assert.True(approved.Approved);
        Assert.Equal("leader-1", approved.ApprovedBy);
        Assert.True(closed.Approved);
        Assert.Equal(0, await UnapprovedClosuresAsync(window));
    }

    [Fact]
    public async Task A_closure_needs_a_reason_and_a_known_window()
    {
        var (window, staff) = await OpenWindowAsync();

        var noReason = await Assert.ThrowsAsync<RpcException>(() =>
            Client.CloseWindowAsync(new CloseWindowRequest { WindowId = window, Reason = " " }, staff).ResponseAsync);
        // Staff reach only the window they sit at, so an unknown window reads to them as another's (no probing); the
        // hall's sign controller (a system client) learns it does not exist.
        var unknownToStaff = await Assert.ThrowsAsync<RpcException>(() =>
            Client.CloseWindowAsync(new CloseWindowRequest { WindowId = "w-nowhere", Reason = "x" }, staff).ResponseAsync);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => Client.CloseWindowAsync(
            new CloseWindowRequest { WindowId = "w-nowhere", Reason = "x" }, TestAuth.Bearer("sign-1", Roles.System)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, unknownToStaff.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(0, await UnapprovedClosuresAsync(window));
    }
}
