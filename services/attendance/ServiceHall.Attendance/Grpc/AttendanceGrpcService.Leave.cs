using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Application;
using ServiceHall.Attendance.Domain;
using ServiceHall.Attendance.V1;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Grpc;

/// <summary>Leave with a substitute (R1.7).</summary>
public sealed partial class AttendanceGrpcService
{
    [Authorize(Roles = $"{Roles.Staff},{Roles.Office},{Roles.UnitHead}")]
    public override async Task<LeaveResponse> RequestLeave(RequestLeaveRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator()
            .Id("leave_id", request.LeaveId)
            .Id("staff_id", request.StaffId)
            .Id("substitute_staff_id", request.SubstituteStaffId)
            .Text("reason", request.Reason, 500)
            .Check(request.Kind != V1.LeaveKind.Unspecified, "kind", "is required")
            .Check(request.StartsAt is not null, "starts_at", "is required")
            .Check(request.EndsAt is not null, "ends_at", "is required")
            .Check(request.SubstituteStaffId != request.StaffId, "substitute_staff_id", "must be someone else");
        if (request.StartsAt is not null && request.EndsAt is not null)
        {
            var span = request.EndsAt.ToDateTimeOffset() - request.StartsAt.ToDateTimeOffset();
            validator.Check(span > TimeSpan.Zero, "ends_at", "must be after starts_at")
                .Check(span <= TimeSpan.FromDays(31), "ends_at", "leave is at most 31 days at a time");
        }
        validator.ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.Office, Roles.UnitHead);
        await RequireSelfOrUnitOfAsync(context, request.StaffId, request.StaffId);
        var leave = await leaves.RequestAsync(new LeaveRequest
        {
            LeaveId = request.LeaveId,
            StaffId = request.StaffId,
            Kind = (Domain.LeaveKind)request.Kind,
            StartsAt = request.StartsAt!.ToDateTimeOffset(),
            EndsAt = request.EndsAt!.ToDateTimeOffset(),
            SubstituteStaffId = request.SubstituteStaffId,
            Reason = request.Reason.Trim(),
            Status = Domain.LeaveStatus.Requested,
            RequestedAt = time.GetUtcNow(),
        }, context.CancellationToken);
        return ToProto(leave);
    }

    [Authorize(Roles = $"{Roles.Staff},{Roles.Office},{Roles.UnitHead}")]
    public override async Task<LeaveResponse> AcceptSubstitution(AcceptSubstitutionRequest request,
        ServerCallContext context)
    {
        new RequestValidator().Id("leave_id", request.LeaveId).ThrowIfInvalid();
        await registry.RequireLeaveUnitAsync(context.Caller(), request.LeaveId, context.CancellationToken);
        await context.FindForSelfOrAsync(() => leaves.FindAsync(request.LeaveId, context.CancellationToken),
            l => l.SubstituteStaffId, Roles.Staff, Roles.Office, Roles.UnitHead);
        return ToProto(await leaves.AcceptAsync(request.LeaveId, context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.DutyLeader},{Roles.UnitHead}")]
    public override async Task<LeaveResponse> ApproveLeave(ApproveLeaveRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("leave_id", request.LeaveId).ThrowIfInvalid();
        await registry.RequireLeaveUnitAsync(context.Caller(), request.LeaveId, context.CancellationToken);
        var approver = context.Caller().Subject() ?? "unknown";
        return ToProto(await leaves.ApproveAsync(request.LeaveId, approver, context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.UnitHead},{Roles.Office}")]
    public override async Task<LeaveResponse> AssignSubstitute(AssignSubstituteRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("leave_id", request.LeaveId).Id("substitute_staff_id", request.SubstituteStaffId)
            .ThrowIfInvalid();
        await registry.RequireLeaveUnitAsync(context.Caller(), request.LeaveId, context.CancellationToken);
        return ToProto(await leaves.AssignSubstituteAsync(request.LeaveId, request.SubstituteStaffId,
            context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.DutyLeader},{Roles.UnitHead}")]
    public override async Task<LeaveResponse> RejectLeave(RejectLeaveRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("leave_id", request.LeaveId).Text("reason", request.Reason, 500).ThrowIfInvalid();
        await registry.RequireLeaveUnitAsync(context.Caller(), request.LeaveId, context.CancellationToken);
        return ToProto(await leaves.RejectAsync(request.LeaveId, request.Reason.Trim(),
            context.Caller().Subject() ?? "unknown", context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.Staff},{Roles.Office},{Roles.UnitHead}")]
    public override async Task<LeaveResponse> CancelLeave(CancelLeaveRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("leave_id", request.LeaveId).Text("reason", request.Reason, 500).ThrowIfInvalid();
        await registry.RequireLeaveUnitAsync(context.Caller(), request.LeaveId, context.CancellationToken);
        await context.FindForSelfOrAsync(() => leaves.FindAsync(request.LeaveId, context.CancellationToken),
            l => l.StaffId, Roles.Staff, Roles.Office, Roles.UnitHead);
        return ToProto(await leaves.CancelAsync(request.LeaveId, request.Reason.Trim(),
            context.Caller().Subject() ?? "unknown", context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.Staff},{Roles.Office},{Roles.UnitHead}")]
    public override async Task<LeaveResponse> ReportBack(ReportBackRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("leave_id", request.LeaveId).ThrowIfInvalid();
        await registry.RequireLeaveUnitAsync(context.Caller(), request.LeaveId, context.CancellationToken);
        await context.FindForSelfOrAsync(() => leaves.FindAsync(request.LeaveId, context.CancellationToken),
            l => l.StaffId, Roles.Staff, Roles.Office, Roles.UnitHead);
        return ToProto(await leaves.ReportBackAsync(request.LeaveId, context.CancellationToken));
    }

    [Authorize(Roles = Roles.People)]
    public override async Task<LeaveResponse> GetLeave(GetLeaveRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("leave_id", request.LeaveId).ThrowIfInvalid();
        var user = context.Caller();
        var onlyStaff = user.IsInRole(Roles.Staff) &&
                        !Roles.All.Where(r => r != Roles.Staff).Any(user.IsInRole);
        const string OwnOnly = "Staff may read their own leave or leave they stand in for.";
        if (!onlyStaff) // a unit head or duty leader: their unit's leave only, checked before existence
            await registry.RequireLeaveUnitAsync(user, request.LeaveId, context.CancellationToken);
        LeaveRequest leave;
        try
        {
            leave = await leaves.FindAsync(request.LeaveId, context.CancellationToken);
        }
        catch (NotFoundException) when (onlyStaff)
        {
            throw new NotPermittedException(OwnOnly); // an unknown id reads as another's: no probing
        }
        if (onlyStaff && user.Subject() != leave.StaffId && user.Subject() != leave.SubstituteStaffId)
            throw new NotPermittedException(OwnOnly);
        return ToProto(leave);
    }

    /// <summary>
    /// Staff acting as <paramref name="self"/> pass (their own leave, or the leave they stand in for); a unit head acting
    /// for someone else must be of <paramref name="staffId"/>'s unit; the office is hall-wide.
    /// </summary>
    private async Task RequireSelfOrUnitOfAsync(ServerCallContext context, string self, string staffId)
    {
        var user = context.Caller();
        if (user.IsInRole(Roles.Staff) && string.Equals(user.Subject(), self, StringComparison.Ordinal))
            return;
        await registry.RequireStaffUnitAsync(user, staffId, context.CancellationToken);
    }

    private static LeaveResponse ToProto(LeaveRequest leave) => new()
    {
        Leave = new V1.Leave
        {
            ReportedBackAt = leave.ReportedBackAt is { } back ? Timestamp.FromDateTimeOffset(back) : null,
            EndedBy = leave.EndedBy ?? "",
            EndReason = leave.EndReason ?? "",
            LeaveId = leave.LeaveId,
            StaffId = leave.StaffId,
            Kind = (V1.LeaveKind)leave.Kind,
            StartsAt = Timestamp.FromDateTimeOffset(leave.StartsAt),
            EndsAt = Timestamp.FromDateTimeOffset(leave.EndsAt),
            SubstituteStaffId = leave.SubstituteStaffId,
            Status = (V1.LeaveStatus)leave.Status,
            ApprovedBy = leave.ApprovedBy ?? "",
        },
    };
}
