using ServiceHall.ServiceDefaults.Data;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using ServiceHall.Attendance.Application;
using ServiceHall.Attendance.Domain;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Grpc;

/// <summary>Units, windows with their service items, staff with their roles.</summary>
public sealed partial class AttendanceGrpcService
{
    private const int MaxServiceItems = 200;

    [Authorize(Roles = $"{Roles.Office},{Roles.BureauLeader}")]
    public override async Task<UnitInfo> CreateUnit(CreateUnitRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .Id("unit_id", request.UnitId)
            .Text("name", request.Name, 200)
            .ThrowIfInvalid();
        return ToProto(await organisation.CreateUnitAsync(request.UnitId, request.Name.Trim(), context.CancellationToken));
    }

    [Authorize(Roles = Roles.AnyRole)]
    public override async Task<OrganisationResponse> GetOrganisation(GetOrganisationRequest request,
        ServerCallContext context)
    {
        var validator = new RequestValidator();
        if (request.UnitId.Length > 0)
            validator.Id("unit_id", request.UnitId);
        var page = validator.PageByPosition(request.PageSize, request.PageToken);
        validator.ThrowIfInvalid();
        var view = await organisation.GetAsync(request.UnitId.Length > 0 ? request.UnitId : null,
            context.CancellationToken);
        var (staff, next) = Paging.Slice(view.Staff.OrderBy(s => s.Staff.StaffId, StringComparer.Ordinal).ToList(), page);
        return new OrganisationResponse
        {
            HallId = hall.Value.HallId,
            Units = { view.Units.Select(ToProto) },
            Windows = { view.Windows.Select(ToProto) },
            Staff = { staff.Select(ToProto) },
            NextPageToken = Paging.Token(next),
        };
    }

    [Authorize(Roles = Administrators)]
    public override async Task<WindowInfo> SetWindowServiceItems(SetWindowServiceItemsRequest request,
        ServerCallContext context)
    {
        ValidateItemIds(request.ServiceItemIds).Id("window_id", request.WindowId).ThrowIfInvalid();
        await registry.RequireWindowAsync(context.Caller(), request.WindowId, context.CancellationToken);
        return ToProto(await organisation.SetServiceItemsAsync(request.WindowId, request.ServiceItemIds,
            context.Caller().Subject() ?? "unknown", context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.Office},{Roles.BureauLeader}")]
    public override async Task<StaffInfo> SetStaffRoles(SetStaffRolesRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .Id("staff_id", request.StaffId)
            .Check(request.Roles.Count > 0, "roles", "at least one role is required")
            .Check(request.Roles.All(r => r != V1.StaffRole.Unspecified && Enum.IsDefined(r)), "roles",
                "every role must be a known StaffRole")
            .ThrowIfInvalid();
        return ToProto(await organisation.SetRolesAsync(request.StaffId, ToDomain(request.Roles),
            context.Caller().Subject() ?? "unknown", context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.Office},{Roles.BureauLeader}")]
    public override async Task<StaffInfo> SetStaffActive(SetStaffActiveRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("staff_id", request.StaffId);
        if (!request.Active || request.Reason.Length > 0)
            validator.Text("reason", request.Reason, 500);
        validator.ThrowIfInvalid();
        var caller = context.Caller().Subject() ?? "unknown";
        if (!request.Active && string.Equals(caller, request.StaffId, StringComparison.Ordinal))
            throw new NotPermittedException("Nobody disables themselves; another office member or bureau leader does.");
        return ToProto(await organisation.SetActiveAsync(request.StaffId, request.Active, request.Reason.Trim(), caller,
            context.CancellationToken));
    }

    private static RequestValidator ValidateItemIds(Google.Protobuf.Collections.RepeatedField<string> itemIds)
    {
        var validator = new RequestValidator()
            .Check(itemIds.Count <= MaxServiceItems, "service_item_ids", $"at most {MaxServiceItems} items");
        foreach (var id in itemIds.Where(id => !new RequestValidator().Id("service_item_ids", id).IsValid).Take(1))
            validator.Check(false, "service_item_ids", $"'{id}' is not an identifier (1-64 letters, digits, '.', '_' or '-')");
        return validator;
    }

    private static List<StaffRoleKind> ToDomain(IEnumerable<V1.StaffRole> roles) =>
        roles.Select(r => (StaffRoleKind)(int)r).Distinct().ToList();

    private static UnitInfo ToProto(Unit unit) =>
        new() { UnitId = unit.UnitId, Name = unit.Name, HallId = unit.HallId };

    private static WindowInfo ToProto(WindowView view) => new()
    {
        WindowId = view.Window.WindowId, UnitId = view.Window.UnitId, Name = view.Window.Name,
        ServiceItemIds = { view.ServiceItemIds }, CreatedBy = view.Window.CreatedBy ?? "",
        ItemsSetBy = view.Window.ItemsSetBy ?? "",
    };

    private static StaffInfo ToProto(StaffView view) => new()
    {
        StaffId = view.Staff.StaffId, DisplayName = view.Staff.DisplayName, UnitId = view.Staff.UnitId,
        WindowId = view.Staff.WindowId, Roles = { view.Roles.Select(r => (V1.StaffRole)(int)r) },
        RegisteredBy = view.Staff.RegisteredBy ?? "", RolesChangedBy = view.Staff.RolesChangedBy ?? "",
        Active = view.Staff.Active, ActiveChangedBy = view.Staff.ActiveChangedBy ?? "",
        ActiveChangeReason = view.Staff.ActiveChangeReason ?? "",
    };
}
