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

/// <summary>Window closures (A16).</summary>
public sealed partial class AttendanceGrpcService
{
    [Authorize(Roles = $"{Roles.Staff},{Roles.Office},{Roles.UnitHead},{Roles.DutyLeader}")]
    public override async Task<WindowClosureResponse> RequestWindowClosure(RequestWindowClosureRequest request,
        ServerCallContext context)
    {
        var validator = new RequestValidator()
            .Id("closure_id", request.ClosureId)
            .Id("window_id", request.WindowId)
            .Text("reason", request.Reason, 200)
            .Check(request.StartsAt is not null, "starts_at", "is required")
            .Check(request.EndsAt is not null, "ends_at", "is required");
        if (request.StartsAt is not null && request.EndsAt is not null)
        {
            validator.Check(request.EndsAt.ToDateTimeOffset() > request.StartsAt.ToDateTimeOffset(), "ends_at",
                "must be after starts_at");
        }
        validator.ThrowIfInvalid();
        await registry.RequireWindowAsync(context.Caller(), request.WindowId, context.CancellationToken);
        var closure = await closing.RequestAsync(new WindowClosure
        {
            ClosureId = request.ClosureId, WindowId = request.WindowId, Reason = request.Reason.Trim(),
            StartsAt = request.StartsAt!.ToDateTimeOffset(), EndsAt = request.EndsAt!.ToDateTimeOffset(),
            RequestedBy = context.Caller().Subject() ?? "unknown",
        }, context.CancellationToken);
        return ToProto(closure);
    }

    [Authorize(Roles = $"{Roles.DutyLeader},{Roles.UnitHead}")]
    public override async Task<WindowClosureResponse> ApproveWindowClosure(ApproveWindowClosureRequest request,
        ServerCallContext context)
    {
        new RequestValidator().Id("closure_id", request.ClosureId).ThrowIfInvalid();
        await registry.RequireClosureUnitAsync(context.Caller(), request.ClosureId, context.CancellationToken);
        return ToProto(await closing.ApproveAsync(request.ClosureId, context.Caller().Subject() ?? "unknown",
            context.CancellationToken));
    }

    [Authorize(Roles = $"{Roles.System},{Roles.Staff},{Roles.DutyLeader},{Roles.UnitHead}")]
    public override async Task<CloseWindowResponse> CloseWindow(CloseWindowRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("window_id", request.WindowId).Text("reason", request.Reason, 200).ThrowIfInvalid();
        await registry.RequireWindowAsync(context.Caller(), request.WindowId, context.CancellationToken);
        var approved = await closing.CloseAsync(request.WindowId, request.Reason.Trim(),
            context.Caller().Subject() ?? "unknown", context.CancellationToken);
        return new CloseWindowResponse { WindowId = request.WindowId, Approved = approved };
    }

    [Authorize(Roles = $"{Roles.System},{Roles.Staff},{Roles.DutyLeader},{Roles.UnitHead}")]
    public override async Task<OpenWindowResponse> OpenWindow(OpenWindowRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("window_id", request.WindowId).ThrowIfInvalid();
        await registry.RequireWindowAsync(context.Caller(), request.WindowId, context.CancellationToken);
        await closing.OpenAsync(request.WindowId, context.CancellationToken);
        return new OpenWindowResponse { WindowId = request.WindowId };
    }

    private static WindowClosureResponse ToProto(WindowClosure closure) => new()
    {
        ClosureId = closure.ClosureId, WindowId = closure.WindowId,
        StartsAt = Timestamp.FromDateTimeOffset(closure.StartsAt), EndsAt = Timestamp.FromDateTimeOffset(closure.EndsAt),
        Approved = closure.Approved, ApprovedBy = closure.ApprovedBy ?? "",
    };
}
