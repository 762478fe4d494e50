using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using ServiceHall.Attendance.Application;
using ServiceHall.Attendance.Domain;
using ServiceHall.Attendance.V1;
using ServiceHall.Calendar;
using ServiceHall.ServiceDefaults.Auth;
using ServiceHall.ServiceDefaults.Grpc;
using ServiceHall.ServiceDefaults.Hosting;
using ServiceHall.ServiceDefaults.Problems;

namespace ServiceHall.Attendance.Grpc;

/// <summary>servicehall.attendance.v1.AttendanceService: validation, roles, and mapping proto ↔ application.</summary>
public sealed partial class AttendanceGrpcService(
    OrganisationDesk organisation,
    RegistryDesk registry,
    ClientDesk clients,
    PunchDesk punches,
    PunchTimePolicy punchTimes,
    WindowStatusDesk statuses,
    WindowWatchDesk watch,
    WatchLimits watchLimits,
    RosterDesk rostering,
    LeaveDesk leaves,
    OutingDesk posts,
    ClosureDesk closing,
    HallDutyDesk duty,
    AttendanceDayDesk days,
    CorrectionDesk corrections,
    AttendanceReportDesk reports,
    WorkCalendar calendar,
    TimeProvider time,
    IOptions<HallOptions> hall) : AttendanceService.AttendanceServiceBase
{
    private const string Administrators = $"{Roles.Office},{Roles.UnitHead},{Roles.BureauLeader}";
    private const string Clocking = $"{Roles.System},{Roles.BadgeReader},{Roles.Staff}";
    private const string WindowReaders = $"{Roles.AnyRole},{Roles.Display}";
    private const string Rosterers = $"{Roles.Office},{Roles.UnitHead},{Roles.DutyLeader},{Roles.BureauLeader}";

    [Authorize(Roles = Administrators)]
    public override async Task<CreateWindowResponse> CreateWindow(CreateWindowRequest request,
        ServerCallContext context)
    {
        // One validator for every field (a chain left unthrown once let any id and name through).
        ValidateItemIds(request.ServiceItemIds)
            .Id("window_id", request.WindowId)
            .Id("unit_id", request.UnitId)
            .Text("name", request.Name, 200)
            .ThrowIfInvalid();
        context.Caller().RequireUnit(request.UnitId, $"unit '{request.UnitId}'");
        await organisation.CreateWindowAsync(request.WindowId, request.UnitId, request.Name.Trim(),
            request.ServiceItemIds, context.Caller().Subject() ?? "unknown", context.CancellationToken);
        return new CreateWindowResponse { WindowId = request.WindowId };
    }

    [Authorize(Roles = Administrators)]
    public override async Task<RegisterStaffResponse> RegisterStaff(RegisterStaffRequest request,
        ServerCallContext context)
    {
        var roles = request.Roles.Count == 0 ? [StaffRoleKind.WindowStaff] : ToDomain(request.Roles);
        var validator = new RequestValidator()
            .Id("staff_id", request.StaffId)
            .Text("display_name", request.DisplayName, 100)
            .Id("unit_id", request.UnitId)
            .Check(request.Roles.All(r => r != V1.StaffRole.Unspecified && System.Enum.IsDefined(r)), "roles",
                "every role must be a known StaffRole");
        if (request.WindowId.Length > 0 || roles.Contains(StaffRoleKind.WindowStaff))
            validator.Id("window_id", request.WindowId);
        validator.ThrowIfInvalid();
        context.Caller().RequireUnit(request.UnitId, $"unit '{request.UnitId}'");
        await organisation.RegisterStaffAsync(request.StaffId, request.DisplayName.Trim(), request.UnitId,
            request.WindowId, roles, context.Caller().Subject() ?? "unknown", context.CancellationToken);
        return new RegisterStaffResponse { StaffId = request.StaffId };
    }

    [Authorize(Roles = Clocking)]
    public override async Task<ClockInResponse> ClockIn(ClockInRequest request, ServerCallContext context)
    {
        var punchedAt = ValidatePunch(request.PunchId, request.StaffId, request.PunchedAt, request.DeviceId, context);
        var result = await punches.RecordAsync(PunchKind.ClockIn, request.PunchId, request.StaffId, punchedAt,
            request.DeviceId, context.Caller(), context.CancellationToken);
        return new ClockInResponse
        {
            RecordId = result.RecordId.ToString(), Late = result.Flagged, MinutesLate = result.Minutes,
        };
    }

    [Authorize(Roles = Clocking)]
    public override async Task<ClockOutResponse> ClockOut(ClockOutRequest request, ServerCallContext context)
    {
        var punchedAt = ValidatePunch(request.PunchId, request.StaffId, request.PunchedAt, request.DeviceId, context);
        var result = await punches.RecordAsync(PunchKind.ClockOut, request.PunchId, request.StaffId, punchedAt,
            request.DeviceId, context.Caller(), context.CancellationToken);
        return new ClockOutResponse
        {
            RecordId = result.RecordId.ToString(), LeftEarly = result.Flagged, MinutesEarly = result.Minutes,
        };
    }

    [Authorize(Roles = WindowReaders)]
    public override async Task<GetWindowStatusResponse> GetWindowStatus(GetWindowStatusRequest request,
        ServerCallContext context)
    {
        new RequestValidator().Id("window_id", request.WindowId).ThrowIfInvalid();
        var status = await statuses.GetAsync(request.WindowId, context.CancellationToken)
                     ?? throw new NotFoundException("Window", request.WindowId);
        return new GetWindowStatusResponse
        {
            WindowId = status.WindowId,
            State = ToProto(status.State),
            StaffOnPost = { status.StaffOnPost },
            Since = Timestamp.FromDateTimeOffset(status.Since),
            ClosedReason = status.ClosedReason ?? "",
            ServingTicketId = status.ServingTicketId ?? "",
            PausedReason = status.PausedReason ?? "",
        };
    }

    [Authorize(Roles = WindowReaders)]
    public override async Task WatchWindows(WatchWindowsRequest request,
        IServerStreamWriter<WindowStatusUpdate> responseStream, ServerCallContext context)
    {
        var hallId = hall.Value.HallId;
        if (request.HallId.Length > 0 && !string.Equals(request.HallId, hallId, StringComparison.Ordinal))
            throw new NotFoundException("Hall", request.HallId);
        // Bounded: a few streams per caller, a cap per instance (RESOURCE_EXHAUSTED with RetryInfo beyond).
        using var slot = watchLimits.Enter(context.Caller().Subject() ?? "");
        // A stream lives no longer than the token that opened it (tokens are checked against the real clock, as the
        // bearer handler checks them): at its expiry the wall reconnects with a fresh one.
        using var untilExpiry = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        if (context.Caller().FindFirst("exp")?.Value is { } exp && long.TryParse(exp, out var expSeconds))
        {
            var left = DateTimeOffset.FromUnixTimeSeconds(expSeconds) - TimeProvider.System.GetUtcNow();
            untilExpiry.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        await watch.RunAsync(hallId, (status, snapshot) => responseStream.WriteAsync(new WindowStatusUpdate
        {
            WindowId = status.WindowId,
            State = ToProto(status.State),
            StaffOnPost = { status.StaffOnPost },
            Since = Timestamp.FromDateTimeOffset(status.Since),
            Snapshot = snapshot,
            ClosedReason = status.ClosedReason ?? "",
            ServingTicketId = status.ServingTicketId ?? "",
            PausedReason = status.PausedReason ?? "",
        }, untilExpiry.Token), untilExpiry.Token);
        if (untilExpiry.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The token that opened this stream expired; reconnect with a fresh one."));
    }

    private static WindowState ToProto(WindowLiveState state) => state switch
    {
        WindowLiveState.Open => WindowState.Open,
        WindowLiveState.Serving => WindowState.Serving,
        WindowLiveState.Paused => WindowState.Paused,
        WindowLiveState.Unstaffed => WindowState.Unstaffed,
        _ => WindowState.Closed,
    };

    private DateTimeOffset ValidatePunch(string punchId, string staffId, Timestamp? punchedAt, string deviceId,
        ServerCallContext context)
    {
        var validator = new RequestValidator()
            .Id("punch_id", punchId)
            .Id("staff_id", staffId)
            .Id("device_id", deviceId);
        validator.ThrowIfInvalid();
        // A staff token may punch for its own staff id only; a trusted system for anyone; a registered badge reader for
        // staff of its windows' units (checked with the registry after this), and only as itself. Who comes before when.
        context.RequireSelfOr(staffId, Roles.Staff, Roles.System, Roles.BadgeReader);
        (DateTimeOffset? time, string? error) = (null, null);
        // 0001-01-01 .. 9999-12-31, the range google.protobuf.Timestamp allows.
        if (punchedAt is not null && (punchedAt.Seconds < -62_135_596_800 || punchedAt.Seconds > 253_402_300_799 ||
                                      punchedAt.Nanos is < 0 or > 999_999_999))
        {
            error = "is not a valid timestamp";
        }
        else
        {
            (time, error) = punchTimes.Resolve(punchedAt?.ToDateTimeOffset(), context.IsMachine());
        }
        validator.Check(error is null, "punched_at", error ?? "").ThrowIfInvalid();
        var caller = context.Caller();
        if (caller.IsInRole(Roles.BadgeReader) && !caller.IsInRole(Roles.System) &&
            !string.Equals(deviceId, caller.ClientId(), StringComparison.Ordinal))
            throw new NotPermittedException(
                $"A badge reader punches as itself: device_id must be its client id '{caller.ClientId()}'.");
        return time!.Value;
    }
}
