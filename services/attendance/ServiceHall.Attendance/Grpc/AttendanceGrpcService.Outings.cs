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

namespace ServiceHall.Attendance.Grpc;

/// <summary>Going out and time away from the window (R1.7).</summary>
public sealed partial class AttendanceGrpcService
{
    [Authorize(Roles = $"{Roles.Staff},{Roles.Office}")]
    public override async Task<GoingOutResponse> RequestGoingOut(RequestGoingOutRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .Id("outing_id", request.OutingId)
            .Id("staff_id", request.StaffId)
            .Text("reason", request.Reason, 500)
            .Check(request.Minutes is >= 1 and <= 480, "minutes", "must be 1 to 480")
            .ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.Office);
        var outing = await posts.RequestOutingAsync(new Outing
        {
            OutingId = request.OutingId, StaffId = request.StaffId, ApprovedMinutes = request.Minutes,
            Reason = request.Reason.Trim(), Status = OutingStatus.Requested, RequestedAt = time.GetUtcNow(),
        }, context.CancellationToken);
        return ToProto(outing);
    }

    [Authorize(Roles = Roles.DutyLeader)]
    public override async Task<GoingOutResponse> ApproveGoingOut(ApproveGoingOutRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("outing_id", request.OutingId).ThrowIfInvalid();
        await registry.RequireOutingUnitAsync(context.Caller(), request.OutingId, context.CancellationToken);
        return ToProto(await posts.ApproveOutingAsync(request.OutingId, context.Caller().Subject() ?? "unknown",
            context.CancellationToken));
    }

    [Authorize(Roles = Clocking)]
    public override async Task<PostMovementResponse> LeavePost(LeavePostRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("staff_id", request.StaffId)
            .Check(request.OutingId.Length == 0 || request.OutingId.Length <= 64, "outing_id", "must be at most 64 characters");
        var (at, error) = punchTimes.Resolve(request.At?.ToDateTimeOffset(), context.IsMachine());
        validator.Check(error is null, "at", error ?? "").ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.System, Roles.BadgeReader);
        await registry.RequireClientStaffAsync(context.Caller(), request.StaffId, context.CancellationToken);
        return ToProto(await posts.LeavePostAsync(request.StaffId, request.OutingId, at!.Value, context.CancellationToken));
    }

    [Authorize(Roles = Clocking)]
    public override async Task<PostMovementResponse> ReturnToPost(ReturnToPostRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator().Id("staff_id", request.StaffId);
        var (at, error) = punchTimes.Resolve(request.At?.ToDateTimeOffset(), context.IsMachine());
        validator.Check(error is null, "at", error ?? "").ThrowIfInvalid();
        context.RequireSelfOr(request.StaffId, Roles.Staff, Roles.System, Roles.BadgeReader);
        await registry.RequireClientStaffAsync(context.Caller(), request.StaffId, context.CancellationToken);
        return ToProto(await posts.ReturnToPostAsync(request.StaffId, at!.Value, context.CancellationToken));
    }

    private static GoingOutResponse ToProto(Outing outing) => new()
    {
        OutingId = outing.OutingId, StaffId = outing.StaffId, Minutes = outing.ApprovedMinutes,
        Approved = outing.Status == OutingStatus.Approved, ApprovedBy = outing.ApprovedBy ?? "",
    };

    private static PostMovementResponse ToProto(TimeAway away) => new()
    {
        AwayId = away.AwayId.ToString(),
        StaffId = away.StaffId,
        LeftAt = Timestamp.FromDateTimeOffset(away.LeftAt),
        ReturnedAt = away.ReturnedAt is { } back ? Timestamp.FromDateTimeOffset(back) : null,
        UnderApprovedOuting = away.OutingId is not null,
        AllowedMinutes = away.AllowedMinutes,
    };
}
