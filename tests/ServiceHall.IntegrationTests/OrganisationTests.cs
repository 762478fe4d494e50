using Grpc.Core;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.Testing;

namespace ServiceHall.IntegrationTests;

/// <summary>The hall's organisation over gRPC: units, windows with their service items, staff with roles.</summary>
public sealed class OrganisationTests(HallFixture hall) : IClassFixture<HallFixture>
{
    private static readonly Metadata Office = TestAuth.Bearer("office-1", Roles.Office);

    private AttendanceService.AttendanceServiceClient Client => new(hall.Attendance.Channel);

    [Fact]
    public async Task Units_windows_items_and_roles_are_kept_and_read_back()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var unit = await Client.CreateUnitAsync(new CreateUnitRequest { UnitId = $"unit-{id}", Name = "市场监管局" }, Office);
        await Client.CreateWindowAsync(new CreateWindowRequest
        {
            WindowId = $"w-{id}", UnitId = unit.UnitId, Name = "营业执照 1号", ServiceItemIds = { "item-licence", "item-change", "item-licence" },
        }, Office);
        await Client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = $"s-{id}", DisplayName = "周", UnitId = unit.UnitId, WindowId = $"w-{id}" }, Office);
        await Client.RegisterStaffAsync(new RegisterStaffRequest
        {
            StaffId = $"head-{id}", DisplayName = "吴", UnitId = unit.UnitId, Roles = { StaffRole.UnitHead, StaffRole.DutyLeader },
        }, Office);
        // Retries of the same requests (a reply lost on the way) answer as the first time.
        await Client.CreateWindowAsync(new CreateWindowRequest
        {
            WindowId = $"w-{id}", UnitId = unit.UnitId, Name = "营业执照 1号", ServiceItemIds = { "item-change", "item-licence" },
        }, Office);
        await Client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = $"s-{id}", DisplayName = "周", UnitId = unit.UnitId, WindowId = $"w-{id}" }, Office);
        var items = await Client.SetWindowServiceItemsAsync(new SetWindowServiceItemsRequest
        {
            WindowId = $"w-{id}", ServiceItemIds = { "item-licence", "item-cancel" },
        }, TestAuth.Bearer($"head-{id}", Roles.UnitHead)); // registered above as the unit's head
        var roles = await Client.SetStaffRolesAsync(new SetStaffRolesRequest
        {
            StaffId = $"s-{id}", Roles = { StaffRole.WindowStaff, StaffRole.DutyLeader },
        }, Office);
        var org = await Client.GetOrganisationAsync(new GetOrganisationRequest { UnitId = unit.UnitId }, TestAuth.Bearer("wall", Roles.System));
        var whole = await Client.GetOrganisationAsync(new GetOrganisationRequest(), Office);

        Assert.Equal("hall-1", unit.HallId);
        Assert.Equal(["item-cancel", "item-licence"], items.ServiceItemIds);
        Assert.Equal([StaffRole.WindowStaff, StaffRole.DutyLeader], roles.Roles);
        Assert.Equal("hall-1", org.HallId);
        Assert.Equal([unit.UnitId], org.Units.Select(u => u.UnitId));
        var window = Assert.Single(org.Windows);
        Assert.Equal(["item-cancel", "item-licence"], window.ServiceItemIds);
        Assert.Equal([$"head-{id}", $"s-{id}"], org.Staff.Select(s => s.StaffId));
        var head = org.Staff[0];
        Assert.Equal("", head.WindowId);
        Assert.Equal([StaffRole.DutyLeader, StaffRole.UnitHead], head.Roles);
        Assert.Contains(whole.Units, u => u.UnitId == "unit-hr");
        Assert.Contains(whole.Windows, w => w.WindowId == $"w-{id}");
        // Who did each change, from the tokens: the office created and registered, the unit head set the items, the
        // office the roles.
        Assert.Equal(("office-1", $"head-{id}"), (window.CreatedBy, window.ItemsSetBy));
        Assert.Equal(($"head-{id}", "office-1"), (items.ItemsSetBy, roles.RolesChangedBy));
        Assert.Equal(("office-1", "office-1", ""), (org.Staff[1].RegisteredBy, org.Staff[1].RolesChangedBy, head.RolesChangedBy));
    }

    [Fact]
    public async Task Text_is_kept_in_nfc_so_one_name_typed_two_ways_is_one_request()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        const string decomposed = "Cafe\u0301 \u7a97\u53e3"; // e + combining accent, as some keyboards send it
        const string composed = "Caf\u00e9 \u7a97\u53e3";

        await Client.CreateWindowAsync(new CreateWindowRequest { WindowId = $"w-{id}", UnitId = "u1", Name = decomposed }, Office);
        // The same window asked for again with the name typed the other way is the same request, not another one.
        var again = await Client.CreateWindowAsync(new CreateWindowRequest { WindowId = $"w-{id}", UnitId = "u1", Name = composed }, Office);
        var stored = (await Client.GetOrganisationAsync(new GetOrganisationRequest { UnitId = "u1" }, Office)).Windows.Single(w => w.WindowId == $"w-{id}");

        Assert.Equal($"w-{id}", again.WindowId);
        Assert.Equal(composed, stored.Name);
    }

    [Fact]
    public async Task Organisation_mistakes_get_clear_statuses()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        var noUnit = await Assert.ThrowsAsync<RpcException>(() => Client.CreateWindowAsync(
            new CreateWindowRequest { WindowId = $"w-{id}", UnitId = $"nowhere-{id}", Name = "x" }, Office).ResponseAsync);
        await Client.CreateUnitAsync(new CreateUnitRequest { UnitId = $"unit-{id}", Name = "x" }, Office);
        var retried = await Client.CreateUnitAsync(new CreateUnitRequest { UnitId = $"unit-{id}", Name = "x" }, Office);
        var twice = await Assert.ThrowsAsync<RpcException>(() => Client.CreateUnitAsync(
            new CreateUnitRequest { UnitId = $"unit-{id}", Name = "another" }, Office).ResponseAsync);
        var badItem = await Assert.ThrowsAsync<RpcException>(() => Client.CreateWindowAsync(
            new CreateWindowRequest { WindowId = $"w-{id}", UnitId = $"unit-{id}", Name = "x", ServiceItemIds = { "has space" } }, Office).ResponseAsync);
        var windowStaffWithoutWindow = await Assert.ThrowsAsync<RpcException>(() => Client.RegisterStaffAsync(
            new RegisterStaffRequest { StaffId = $"s-{id}", DisplayName = "x", UnitId = $"unit-{id}" }, Office).ResponseAsync);
        await Client.RegisterStaffAsync(new RegisterStaffRequest { StaffId = $"l-{id}", DisplayName = "x", UnitId = $"unit-{id}", Roles = { StaffRole.BureauLeader } }, Office);
        var leaderAtNoWindow = await Assert.ThrowsAsync<RpcException>(() => Client.SetStaffRolesAsync(
            new SetStaffRolesRequest { StaffId = $"l-{id}", Roles = { StaffRole.WindowStaff } }, Office).ResponseAsync);
        var unitHeadCannotCreateUnits = await Assert.ThrowsAsync<RpcException>(() => Client.CreateUnitAsync(
            new CreateUnitRequest { UnitId = $"other-{id}", Name = "x" }, TestAuth.Bearer("h", Roles.UnitHead)).ResponseAsync);
        var unknownUnit = await Assert.ThrowsAsync<RpcException>(() => Client.GetOrganisationAsync(
            new GetOrganisationRequest { UnitId = $"nowhere-{id}" }, Office).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, noUnit.StatusCode);
        Assert.Equal("x", retried.Name); // the same request again: the same answer (the id is the idempotency key)
        Assert.Equal(StatusCode.AlreadyExists, twice.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badItem.StatusCode);
        Assert.Contains("service_item_ids", badItem.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, windowStaffWithoutWindow.StatusCode);
        Assert.Contains("window_id", windowStaffWithoutWindow.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, leaderAtNoWindow.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, unitHeadCannotCreateUnits.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknownUnit.StatusCode);
    }
}
